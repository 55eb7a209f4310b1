namespace Gmm.Speech.Features;

/// <summary>
/// Kaldi's triangular mel filterbank (mel-computations.cc), in its float32 arithmetic: BinCount triangles equally spaced
/// on the mel scale (mel = 1127·ln(1 + f/700)) between the low and high frequency, each spanning two neighbours' centres,
/// weighting the FFT bins 0..n/2−1 (the Nyquist bin is never used).
/// </summary>
internal sealed class MelBanks
{
    private readonly int[] _first;
    private readonly float[][] _weights;

    public MelBanks(MelOptions mel, FrameOptions frame)
    {
        int binCount = mel.BinCount, paddedSize = frame.PaddedWindowSize, fftBins = paddedSize / 2;
        float sampleFrequency = (float)frame.SampleFrequency, nyquist = 0.5f * sampleFrequency;
        float low = (float)mel.LowFrequency, high = mel.HighFrequency > 0 ? (float)mel.HighFrequency : nyquist + (float)mel.HighFrequency;
        if (low < 0 || low >= nyquist || high <= 0 || high > nyquist || high <= low)
            throw new ArgumentOutOfRangeException(nameof(mel), $"--low-freq {mel.LowFrequency} and --high-freq {mel.HighFrequency} give the band {low}..{high} Hz, which must lie within 0..{nyquist} Hz (the Nyquist frequency of {sampleFrequency} Hz) with low < high.");
        float binWidth = sampleFrequency / paddedSize;
        float melLow = MelScale(low), melHigh = MelScale(high), delta = (melHigh - melLow) / (binCount + 1);
        _first = new int[binCount];
        _weights = new float[binCount][];
        var row = new float[fftBins];
        for (int bin = 0; bin < binCount; bin++)
        {
            float left = melLow + bin * delta, center = melLow + (bin + 1) * delta, right = melLow + (bin + 2) * delta;
            int first = -1, last = -1;
            for (int i = 0; i < fftBins; i++)
            {
                float m = MelScale(binWidth * i);
                if (m > left && m < right)
                {
                    row[i] = m <= center ? (m - left) / (center - left) : (right - m) / (right - center);
                    if (first == -1) first = i;
                    last = i;
                }
            }
            if (first == -1)
                throw new ArgumentOutOfRangeException(nameof(mel), mel.BinCount,
                    $"mel bin {bin} of --num-mel-bins {mel.BinCount} covers no FFT bin ({fftBins} bins of {binWidth} Hz between {low} and {high} Hz): use fewer mel bins or a longer frame.");
            _first[bin] = first;
            _weights[bin] = row[first..(last + 1)];
        }
        Center = Enumerable.Range(0, binCount).Select(b => InverseMelScale(melLow + (b + 1) * delta)).ToArray();
    }

    /// <summary>Number of bins.</summary>
    public int Count => _first.Length;

    /// <summary>Centre frequency of each bin in Hz.</summary>
    public IReadOnlyList<float> Center { get; }

    /// <summary>Mel energies (Count) of a power (or magnitude) spectrum (at least n/2 values).</summary>
    public void Compute(ReadOnlySpan<float> spectrum, Span<float> energies)
    {
        for (int bin = 0; bin < _first.Length; bin++)
        {
            var weights = _weights[bin];
            energies[bin] = System.Numerics.Tensors.TensorPrimitives.Dot(weights, spectrum.Slice(_first[bin], weights.Length));
        }
    }

    /// <summary>1127·ln(1 + f/700), in float as Kaldi's MelScale.</summary>
    public static float MelScale(float frequency) => 1127.0f * MathF.Log(1.0f + frequency / 700.0f);

    /// <summary>700·(exp(mel/1127) − 1).</summary>
    public static float InverseMelScale(float mel) => 700.0f * (MathF.Exp(mel / 1127.0f) - 1.0f);
}
