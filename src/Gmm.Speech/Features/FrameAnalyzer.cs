using System.Numerics.Tensors;

namespace Gmm.Speech.Features;

/// <summary>
/// Kaldi's frame preparation (feature-window.cc): cut frame f out of the waveform (reflecting at the ends when edges are
/// not snipped), dither, remove the DC offset, measure the raw log energy, pre-emphasise, window, zero-pad to the FFT
/// length, and the power spectrum. Float32 arithmetic in Kaldi's order. Holds buffers: one instance per thread.
/// </summary>
internal sealed class FrameAnalyzer
{
    private readonly FrameOptions _options;
    private readonly float[] _window;
    private readonly float[] _frame;
    private readonly RealFft _fft;

    public FrameAnalyzer(FrameOptions options)
    {
        _options = options;
        _window = WindowFunction(options);
        _frame = new float[options.PaddedWindowSize];
        _fft = new RealFft(options.PaddedWindowSize);
    }

    /// <summary>FFT length.</summary>
    public int PaddedSize => _frame.Length;

    /// <summary>Power-spectrum bins (PaddedSize/2 + 1).</summary>
    public int SpectrumSize => _fft.BinCount;

    /// <summary>The prepared frame: windowed samples, zero-padded to <see cref="PaddedSize"/>.</summary>
    public ReadOnlySpan<float> Frame => _frame;

    /// <summary>Prepares frame <paramref name="frame"/> of <paramref name="wave"/>; returns log(max(energy, ε)) before pre-emphasis and window.</summary>
    public float Prepare(ReadOnlySpan<float> wave, int frame, GaussianNoise? noise)
    {
        int length = _window.Length;
        var samples = _frame.AsSpan(0, length);
        long start = _options.FirstSample(frame);
        if (start >= 0 && start + length <= wave.Length)
        {
            wave.Slice((int)start, length).CopyTo(samples);
        }
        else
        {
            for (int s = 0; s < length; s++)
            {
                long i = start + s;
                while (i < 0 || i >= wave.Length) i = i < 0 ? -i - 1 : 2L * wave.Length - 1 - i;   // -1 → 0, n → n−1
                samples[s] = wave[(int)i];
            }
        }
        _frame.AsSpan(length).Clear();

        noise?.AddTo(samples, (float)_options.Dither);
        if (_options.RemoveDcOffset)
        {
            double sum = 0;
            foreach (float x in samples) sum += x;
            TensorPrimitives.Add(samples, (float)(-sum / length), samples);
        }
        float rawLogEnergy = LogEnergy(samples);
        float coefficient = (float)_options.PreemphasisCoefficient;
        if (coefficient != 0)
        {
            for (int s = length - 1; s > 0; s--) samples[s] -= coefficient * samples[s - 1];
            samples[0] -= coefficient * samples[0];
        }
        TensorPrimitives.Multiply(samples, _window, samples);
        return rawLogEnergy;
    }

    /// <summary>log(max(Σ x², ε)) of the prepared (windowed) frame: the energy when --raw-energy is false.</summary>
    public float WindowedLogEnergy() => LogEnergy(_frame);

    /// <summary>The power spectrum of the prepared frame into <paramref name="power"/> (<see cref="SpectrumSize"/>).</summary>
    public void PowerSpectrum(Span<float> power) => _fft.PowerSpectrum(_frame, power);

    private static float LogEnergy(ReadOnlySpan<float> x)
    {
        double energy = 0;
        foreach (float v in x) energy += (double)v * v;
        return MathF.Log(Math.Max((float)energy, FloatEpsilon));
    }

    /// <summary>C's FLT_EPSILON (2^−23), Kaldi's floor on energies; .NET's float.Epsilon is the smallest subnormal instead.</summary>
    public const float FloatEpsilon = 1.1920929e-07f;

    private static float[] WindowFunction(FrameOptions options)
    {
        int n = options.WindowSize;
        var window = new float[n];
        double a = 2 * Math.PI / (n - 1);
        for (int i = 0; i < n; i++)
        {
            window[i] = (float)(options.WindowType switch
            {
                WindowType.Hanning => 0.5 - 0.5 * Math.Cos(a * i),
                WindowType.Sine => Math.Sin(0.5 * a * i),
                WindowType.Hamming => 0.54 - 0.46 * Math.Cos(a * i),
                WindowType.Povey => Math.Pow(0.5 - 0.5 * Math.Cos(a * i), 0.85),
                WindowType.Rectangular => 1.0,
                WindowType.Blackman => options.BlackmanCoefficient - 0.5 * Math.Cos(a * i) + (0.5 - options.BlackmanCoefficient) * Math.Cos(2 * a * i),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.WindowType, "unknown --window-type."),
            });
        }
        return window;
    }
}
