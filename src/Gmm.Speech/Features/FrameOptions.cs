namespace Gmm.Speech.Features;

/// <summary>
/// How a waveform is cut into frames and each frame prepared for its spectrum: Kaldi's FrameExtractionOptions, with its
/// defaults (16 kHz, 25 ms frames every 10 ms, dither 1, pre-emphasis 0.97, DC removal, povey window, FFT size rounded up
/// to a power of two, frames that fit wholly inside the signal).
/// </summary>
public sealed record FrameOptions
{
    /// <summary>--sample-frequency: the rate in Hz that the audio must have (16000).</summary>
    public double SampleFrequency { get; init; } = 16000;

    /// <summary>--frame-length in milliseconds (25).</summary>
    public double FrameLengthMs { get; init; } = 25;

    /// <summary>--frame-shift in milliseconds (10).</summary>
    public double FrameShiftMs { get; init; } = 10;

    /// <summary>--dither: standard deviation of Gaussian noise added to every frame's samples (1.0; 0 = deterministic).</summary>
    public double Dither { get; init; } = 1.0;

    /// <summary>Seed of the dither noise: the same seed and input give the same features.</summary>
    public int DitherSeed { get; init; }

    /// <summary>--preemphasis-coefficient: x[i] −= c·x[i−1] within each frame (0.97).</summary>
    public double PreemphasisCoefficient { get; init; } = 0.97;

    /// <summary>--remove-dc-offset: subtract each frame's mean (true).</summary>
    public bool RemoveDcOffset { get; init; } = true;

    /// <summary>--window-type (povey).</summary>
    public WindowType WindowType { get; init; } = WindowType.Povey;

    /// <summary>--round-to-power-of-two: zero-pad each frame to the next power of two before the FFT (true).</summary>
    public bool RoundToPowerOfTwo { get; init; } = true;

    /// <summary>--blackman-coeff (0.42).</summary>
    public double BlackmanCoefficient { get; init; } = 0.42;

    /// <summary>
    /// --snip-edges: true = only frames that fit wholly in the signal, the first starting at sample 0; false = one frame
    /// per shift (rounded), centred, the signal reflected at both ends (true).
    /// </summary>
    public bool SnipEdges { get; init; } = true;

    /// <summary>Frame length in samples (Kaldi truncates rate × length in float arithmetic).</summary>
    public int WindowSize => (int)((float)SampleFrequency * 0.001 * (float)FrameLengthMs);

    /// <summary>Frame shift in samples.</summary>
    public int WindowShift => (int)((float)SampleFrequency * 0.001 * (float)FrameShiftMs);

    /// <summary>FFT length: the window size, rounded up to a power of two when <see cref="RoundToPowerOfTwo"/>.</summary>
    public int PaddedWindowSize => RoundToPowerOfTwo ? (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)WindowSize) : WindowSize;

    /// <summary>Frames that <paramref name="sampleCount"/> samples give (Kaldi's NumFrames with flush = true).</summary>
    public int FrameCount(long sampleCount)
    {
        long shift = WindowShift, length = WindowSize;
        if (SnipEdges) return sampleCount < length ? 0 : (int)(1 + (sampleCount - length) / shift);
        return (int)((sampleCount + shift / 2) / shift);
    }

    /// <summary>First sample of frame <paramref name="frame"/> (negative or past the end when edges are reflected).</summary>
    public long FirstSample(int frame) =>
        SnipEdges ? (long)frame * WindowShift : (long)frame * WindowShift + WindowShift / 2 - WindowSize / 2;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the Kaldi option that is out of range.</summary>
    public void Validate()
    {
        if (!(SampleFrequency > 0) || !double.IsFinite(SampleFrequency))
            throw new ArgumentOutOfRangeException(nameof(SampleFrequency), SampleFrequency, "--sample-frequency must be a positive number of Hz.");
        if (!(FrameShiftMs > 0) || WindowShift < 1)
            throw new ArgumentOutOfRangeException(nameof(FrameShiftMs), FrameShiftMs, $"--frame-shift {FrameShiftMs} ms is less than one sample at {SampleFrequency} Hz.");
        if (!(FrameLengthMs > 0) || WindowSize < 2)
            throw new ArgumentOutOfRangeException(nameof(FrameLengthMs), FrameLengthMs, $"--frame-length {FrameLengthMs} ms gives fewer than 2 samples at {SampleFrequency} Hz.");
        if (!(Dither >= 0) || !double.IsFinite(Dither))
            throw new ArgumentOutOfRangeException(nameof(Dither), Dither, "--dither must be 0 (off) or a positive standard deviation.");
        if (!(PreemphasisCoefficient is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(PreemphasisCoefficient), PreemphasisCoefficient, "--preemphasis-coefficient must lie in [0, 1].");
        if (!Enum.IsDefined(WindowType))
            throw new ArgumentOutOfRangeException(nameof(WindowType), WindowType, "--window-type must be povey, hamming, hanning, rectangular, blackman or sine.");
        if (!double.IsFinite(BlackmanCoefficient))
            throw new ArgumentOutOfRangeException(nameof(BlackmanCoefficient), BlackmanCoefficient, "--blackman-coeff must be finite.");
    }
}
