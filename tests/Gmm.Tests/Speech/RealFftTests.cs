using Gmm.Speech.Features;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>The packed real FFT (powers of two) and the MathNet path (other lengths) against a direct DFT.</summary>
public class RealFftTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(256)]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(400)]
    [InlineData(6)]
    public void Power_spectrum_equals_the_direct_dft(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2000 - 1000)).ToArray();
        var power = new float[n / 2 + 1];
        new RealFft(n).PowerSpectrum(x, power);
        double scale = 0;
        for (int k = 0; k <= n / 2; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++)
            {
                re += x[t] * Math.Cos(2 * Math.PI * k * t / n);
                im -= x[t] * Math.Sin(2 * Math.PI * k * t / n);
            }
            scale = Math.Max(scale, re * re + im * im);
            Assert.Equal(re * re + im * im, power[k], (re * re + im * im) * 1e-6 + scale * 1e-9);
        }
    }

    [Fact]
    public void Dither_noise_is_standard_normal_and_seeded()
    {
        var a = new float[100_001];
        new GaussianNoise(3).AddTo(a, 2f);
        var b = new float[100_001];
        new GaussianNoise(3).AddTo(b, 2f);
        Assert.Equal(a, b);
        double mean = a.Average(v => (double)v), variance = a.Average(v => (v - mean) * (v - mean));
        Assert.Equal(0, mean, 0.03);
        Assert.Equal(4, variance, 0.1);
        Assert.Equal(0.0455, a.Count(v => Math.Abs(v) > 4) / (double)a.Length, 0.005);   // beyond 2σ
    }
}
