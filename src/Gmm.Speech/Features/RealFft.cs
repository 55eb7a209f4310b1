using MathNet.Numerics.IntegralTransforms;

namespace Gmm.Speech.Features;

/// <summary>
/// Power spectrum |X_k|², k = 0..n/2, of n real samples through MathNet.Numerics' real FFT (unscaled forward transform,
/// as Kaldi's; any n, powers of two by radix-2, others by Bluestein). Holds its own work buffer: one instance per thread.
/// </summary>
internal sealed class RealFft
{
    private readonly int _length;
    private readonly double[] _buffer;

    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        _length = length;
        _buffer = new double[length % 2 == 0 ? length + 2 : length + 1];
    }

    /// <summary>Number of power-spectrum bins, n/2 + 1.</summary>
    public int BinCount => _length / 2 + 1;

    /// <summary>Writes the power spectrum of <paramref name="samples"/> (n) to <paramref name="power"/> (n/2 + 1).</summary>
    public void PowerSpectrum(ReadOnlySpan<float> samples, Span<float> power)
    {
        for (int i = 0; i < _length; i++) _buffer[i] = samples[i];
        Fourier.ForwardReal(_buffer, _length, FourierOptions.NoScaling);
        for (int k = 0; k < BinCount; k++)
        {
            double re = _buffer[2 * k], im = _buffer[2 * k + 1];
            power[k] = (float)(re * re + im * im);
        }
    }
}
