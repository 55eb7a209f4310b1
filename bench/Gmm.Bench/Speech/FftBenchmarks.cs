using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;

namespace Gmm.Bench.Speech;

/// <summary>
/// The power spectrum of one 512-sample frame (16 kHz, 25 ms, padded): Gmm.Speech's packed real FFT against
/// MathNet.Numerics' real FFT (the library the issue names), and the dither noise of one 400-sample frame.
/// </summary>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private readonly float[] _frame = new float[512];
    private readonly float[] _power = new float[257];
    private readonly double[] _mathNet = new double[514];
    private Gmm.Speech.Features.RealFft _fft = null!;
    private Gmm.Speech.Features.GaussianNoise _noise = null!;

    /// <summary>A windowed tone.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < 400; i++) _frame[i] = (float)(1000 * Math.Sin(i * 0.3) * Math.Sin(Math.PI * i / 399));
        _fft = new Gmm.Speech.Features.RealFft(512);
        _noise = new Gmm.Speech.Features.GaussianNoise(1);
    }

    /// <summary>MathNet.Numerics 5.0.0 Fourier.ForwardReal (float64), then |X|².</summary>
    [Benchmark(Baseline = true, Description = "MathNet ForwardReal 512 + power")]
    public float MathNet()
    {
        for (int i = 0; i < 512; i++) _mathNet[i] = _frame[i];
        Fourier.ForwardReal(_mathNet, 512, FourierOptions.NoScaling);
        for (int k = 0; k < 257; k++) _power[k] = (float)(_mathNet[2 * k] * _mathNet[2 * k] + _mathNet[2 * k + 1] * _mathNet[2 * k + 1]);
        return _power[10];
    }

    /// <summary>Gmm.Speech's RealFft.PowerSpectrum.</summary>
    [Benchmark(Description = "Gmm.Speech RealFft 512 power")]
    public float Packed()
    {
        _fft.PowerSpectrum(_frame, _power);
        return _power[10];
    }

    /// <summary>Dither noise for one frame.</summary>
    [Benchmark(Description = "dither noise, 400 samples")]
    public float Dither()
    {
        _noise.AddTo(_frame.AsSpan(0, 400), 1e-6f);
        return _frame[0];
    }
}
