using Gmm.Speech.Audio;

namespace Gmm.Speech.Features;

/// <summary>
/// Turns a waveform (samples at int16 scale) into frames × features, as Kaldi's OfflineFeatureTpl: frame, prepare,
/// spectrum, then the feature type's own computation. Holds work buffers, so an instance is not thread-safe: use one per
/// thread. Dither noise restarts from <see cref="FrameOptions.DitherSeed"/> at every call, so a call's result depends only
/// on its input and options.
/// </summary>
public abstract class FeatureExtractor
{
    private readonly FrameAnalyzer _analyzer;

    private protected FeatureExtractor(FrameOptions frame)
    {
        Frame = frame;
        _analyzer = new FrameAnalyzer(frame);
    }

    /// <summary>The framing options.</summary>
    public FrameOptions Frame { get; }

    /// <summary>Features per frame.</summary>
    public abstract int Dimension { get; }

    /// <summary>Frames × <see cref="Dimension"/> features of <paramref name="samples"/> (int16 scale); 0 × 0 when no frame fits.</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples)
    {
        int frames = Frame.FrameCount(samples.Length);
        if (frames == 0) return FeatureMatrix.Empty;
        var result = new FeatureMatrix(frames, Dimension);
        var noise = Frame.Dither > 0 ? new GaussianNoise(Frame.DitherSeed) : null;
        for (int f = 0; f < frames; f++)
        {
            float rawLogEnergy = _analyzer.Prepare(samples, f, noise);
            ComputeFrame(_analyzer, rawLogEnergy, result.Row(f));
        }
        return result;
    }

    /// <summary>Features of channel <paramref name="channel"/> of <paramref name="wave"/>, whose rate must be --sample-frequency.</summary>
    /// <exception cref="FeatureFormatException">The file's sample rate differs from <see cref="FrameOptions.SampleFrequency"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The file has no such channel.</exception>
    public FeatureMatrix Compute(WaveData wave, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(wave);
        if (wave.SampleRate != Frame.SampleFrequency)
            throw new FeatureFormatException(wave.Source,
                $"sample rate {wave.SampleRate} Hz, but --sample-frequency is {Frame.SampleFrequency}: pass --sample-frequency {wave.SampleRate}, or resample the file (e.g. 'sox in.wav -r {Frame.SampleFrequency} out.wav').");
        return Compute(wave.Channel(channel));
    }

    /// <summary>One frame's features from the prepared frame in <paramref name="analyzer"/>.</summary>
    private protected abstract void ComputeFrame(FrameAnalyzer analyzer, float rawLogEnergy, Span<float> features);

    /// <summary>ln of an --energy-floor, or NaN when there is none (0).</summary>
    private protected static float LogFloor(double energyFloor) => energyFloor > 0 ? MathF.Log((float)energyFloor) : float.NaN;
}
