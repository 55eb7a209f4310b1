using MathNet.Numerics.IntegralTransforms;

namespace Gmm.Speech.Features;

/// <summary>
/// Power spectrum |X_k|², k = 0..n/2, of n real samples (unscaled forward DFT, as Kaldi's). Powers of two, the common
/// case, use the packed real FFT here: the n real samples as n/2 complex ones, an in-place radix-2 FFT with precomputed
/// twiddles in float64, and the usual split into the real signal's spectrum; it allocates nothing and measured faster
/// than MathNet.Numerics' real FFT for n = 512 (docs/benchmarks.md, "Speech front end"). Other lengths
/// (--round-to-power-of-two false) go through MathNet.Numerics (Bluestein). One instance per thread.
/// </summary>
internal sealed class RealFft
{
    private readonly int _length;
    private readonly double[]? _buffer;           // MathNet path: n + 2 values
    private readonly double[]? _re, _im;          // packed path: n/2 complex values
    private readonly double[]? _twiddleRe, _twiddleIm;   // e^{-2πik/(n/2)}, k < n/4
    private readonly double[]? _splitRe, _splitIm;       // e^{-2πik/n}, k ≤ n/2
    private readonly int[]? _bitReversed;

    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        _length = length;
        if (!System.Numerics.BitOperations.IsPow2(length) || length < 4)
        {
            _buffer = new double[length % 2 == 0 ? length + 2 : length + 1];
            return;
        }
        int m = length / 2;
        _re = new double[m];
        _im = new double[m];
        _twiddleRe = new double[m / 2];
        _twiddleIm = new double[m / 2];
        for (int k = 0; k < m / 2; k++)
        {
            _twiddleRe[k] = Math.Cos(2 * Math.PI * k / m);
            _twiddleIm[k] = -Math.Sin(2 * Math.PI * k / m);
        }
        _splitRe = new double[m + 1];
        _splitIm = new double[m + 1];
        for (int k = 0; k <= m; k++)
        {
            _splitRe[k] = Math.Cos(2 * Math.PI * k / length);
            _splitIm[k] = -Math.Sin(2 * Math.PI * k / length);
        }
        _bitReversed = new int[m];
        int bits = System.Numerics.BitOperations.Log2((uint)m);
        for (int i = 0; i < m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReversed[i] = r;
        }
    }

    /// <summary>Number of power-spectrum bins, n/2 + 1.</summary>
    public int BinCount => _length / 2 + 1;

    /// <summary>Writes the power spectrum of <paramref name="samples"/> (n) to <paramref name="power"/> (n/2 + 1).</summary>
    public void PowerSpectrum(ReadOnlySpan<float> samples, Span<float> power)
    {
        if (_buffer is not null)
        {
            for (int i = 0; i < _length; i++) _buffer[i] = samples[i];
            Fourier.ForwardReal(_buffer, _length, FourierOptions.NoScaling);
            for (int k = 0; k < BinCount; k++) power[k] = (float)(_buffer[2 * k] * _buffer[2 * k] + _buffer[2 * k + 1] * _buffer[2 * k + 1]);
            return;
        }
        var re = _re!;
        var im = _im!;
        int m = re.Length;
        var reversed = _bitReversed!;
        for (int i = 0; i < m; i++)
        {
            int j = reversed[i];
            re[j] = samples[2 * i];
            im[j] = samples[2 * i + 1];
        }
        Transform(re, im);
        // X_k = (Z_k + conj Z_{m−k})/2 − i·e^{−2πik/n}·(Z_k − conj Z_{m−k})/2, Z_m = Z_0.
        for (int k = 0; k <= m / 2; k++)
        {
            int mk = (m - k) & (m - 1);
            double ar = re[k], ai = im[k], br = re[mk], bi = -im[mk];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi), or = 0.5 * (ar - br), oi = 0.5 * (ai - bi);
            // −i·w·o with w = splitRe + i·splitIm
            double wr = _splitRe![k], wi = _splitIm![k];
            double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            double xr = er + ti, xi = ei - tr;
            power[k] = (float)(xr * xr + xi * xi);
            // The mirrored bin m − k from the same pair: E_{m−k} = conj E_k, O_{m−k} = −conj O_k.
            if (k == 0 || k == m - k) continue;
            double er2 = er, ei2 = -ei, or2 = -or, oi2 = oi;
            double wr2 = _splitRe[m - k], wi2 = _splitIm[m - k];
            double tr2 = wr2 * or2 - wi2 * oi2, ti2 = wr2 * oi2 + wi2 * or2;
            double yr = er2 + ti2, yi = ei2 - tr2;
            power[m - k] = (float)(yr * yr + yi * yi);
        }
        // Bin m (Nyquist): X_m = Re Z_0 − Im Z_0.
        double nyquist = re[0] - im[0];
        power[m] = (float)(nyquist * nyquist);
    }

    /// <summary>In-place radix-2 decimation-in-time FFT of bit-reversed input.</summary>
    private void Transform(double[] re, double[] im)
    {
        int m = re.Length;
        var twiddleRe = _twiddleRe!;
        var twiddleIm = _twiddleIm!;
        for (int size = 2; size <= m; size <<= 1)
        {
            int half = size >> 1, step = m / size;
            for (int start = 0; start < m; start += size)
            {
                for (int j = 0, t = 0; j < half; j++, t += step)
                {
                    int a = start + j, b = a + half;
                    double wr = twiddleRe[t], wi = twiddleIm[t];
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
