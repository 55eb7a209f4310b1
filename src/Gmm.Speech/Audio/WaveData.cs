namespace Gmm.Speech.Audio;

/// <summary>
/// Audio read from a WAV file: one array of samples per channel at int16 scale (full scale ±32768), as Kaldi's WaveData
/// holds them, whatever the file's sample format.
/// </summary>
public sealed class WaveData
{
    /// <summary>Wraps per-channel samples (each channel the same length) at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="ArgumentException">No channels, channels of different lengths, or a rate that is not positive.</exception>
    public WaveData(int sampleRate, float[][] channels, string source = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length == 0) throw new ArgumentException("at least one channel is needed.", nameof(channels));
        foreach (var c in channels)
            if (c is null || c.Length != channels[0].Length)
                throw new ArgumentException("every channel must hold the same number of samples.", nameof(channels));
        SampleRate = sampleRate;
        Channels = channels;
        Source = source;
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Per channel, the samples at int16 scale.</summary>
    public IReadOnlyList<float[]> Channels { get; }

    /// <summary>Number of channels.</summary>
    public int ChannelCount => Channels.Count;

    /// <summary>Samples per channel.</summary>
    public int SampleCount => Channels[0].Length;

    /// <summary>Duration in seconds.</summary>
    public double Duration => (double)SampleCount / SampleRate;

    /// <summary>Where the audio came from (a path), for messages.</summary>
    public string Source { get; }

    /// <summary>Channel <paramref name="channel"/> (0 = left), checked against the channels present.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The file has no such channel (the message names the file).</exception>
    public float[] Channel(int channel)
    {
        if (channel < 0 || channel >= ChannelCount)
            throw new ArgumentOutOfRangeException(nameof(channel), channel,
                $"{Source}: has {ChannelCount} channel{(ChannelCount == 1 ? "" : "s")}; --channel must be 0{(ChannelCount > 1 ? $"..{ChannelCount - 1}" : "")}.");
        return Channels[channel];
    }
}
