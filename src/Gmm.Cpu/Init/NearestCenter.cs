using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// Nearest-centre search for k-means, vectorised across centres in GEMM form: argmin_c ‖c‖² − 2 x·c, one FMA per
/// (feature, W centres), in float32 about an origin near the data (so the expansion does not cancel badly).
/// Centres are stored d×kp (feature-major); padding centres are never nearest. Immutable; thread-safe.
/// </summary>
internal sealed class NearestCenter
{
    private readonly float[] _minusTwoCenters;
    private readonly float[] _norms;
    private readonly double[] _origin;
    private readonly int _k, _d, _kv;

    public NearestCenter(double[] centers, int k, int d, double[] origin)
    {
        _k = k;
        _d = d;
        _origin = origin;
        int w = Vector<float>.Count;
        _kv = (k + w - 1) / w;
        _minusTwoCenters = new float[d * _kv * w];
        _norms = new float[_kv * w];
        Array.Fill(_norms, float.MaxValue);
        for (int c = 0; c < k; c++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++)
            {
                double shifted = centers[c * d + j] - origin[j];
                norm += shifted * shifted;
                _minusTwoCenters[j * _kv * w + c] = (float)(-2 * shifted);
            }
            _norms[c] = (float)norm;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Nearest(ReadOnlySpan<double> point)
    {
        var centers = MemoryMarshal.Cast<float, Vector<float>>(_minusTwoCenters.AsSpan());
        var norms = MemoryMarshal.Cast<float, Vector<float>>(_norms.AsSpan());
        Span<Vector<float>> scores = stackalloc Vector<float>[_kv];
        norms.CopyTo(scores);
        for (int j = 0; j < _d; j++)
        {
            var x = new Vector<float>((float)(point[j] - _origin[j]));
            for (int v = 0; v < _kv; v++) scores[v] = VectorMath.MultiplyAdd(x, centers[j * _kv + v], scores[v]);
        }
        int best = 0;
        float bestScore = float.PositiveInfinity;
        for (int v = 0; v < _kv; v++)
            for (int i = 0; i < Vector<float>.Count; i++)
                if (scores[v][i] < bestScore) { bestScore = scores[v][i]; best = v * Vector<float>.Count + i; }
        return Math.Min(best, _k - 1);
    }
}
