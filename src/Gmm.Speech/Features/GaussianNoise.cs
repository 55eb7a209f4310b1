using System.Numerics.Tensors;

namespace Gmm.Speech.Features;

/// <summary>
/// Seeded standard-normal noise for dithering: Marsaglia's polar method on SplitMix64 uniforms, the logarithms
/// vectorised. The same seed gives the same sequence. (System.Random with a seed runs .NET's slower legacy generator,
/// and Box–Muller's sine and cosine are not vectorised; docs/benchmarks.md, "Speech front end".) One instance per thread.
/// </summary>
internal sealed class GaussianNoise(int seed)
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E5ADUL;
    private float[] _x = [], _y = [], _s = [], _log = [];

    /// <summary>Adds <paramref name="scale"/> × N(0, 1) noise to every value of <paramref name="destination"/>.</summary>
    public void AddTo(Span<float> destination, float scale)
    {
        int pairs = (destination.Length + 1) / 2;
        if (_s.Length < pairs) (_x, _y, _s, _log) = (new float[pairs], new float[pairs], new float[pairs], new float[pairs]);
        var x = _x.AsSpan(0, pairs);
        var y = _y.AsSpan(0, pairs);
        var s = _s.AsSpan(0, pairs);
        const float unit = 2f / (1 << 24);
        for (int i = 0; i < pairs;)
        {
            ulong bits = Next();
            float u = (uint)(bits >> 40) * unit - 1f, v = (uint)((bits >> 16) & 0xFFFFFF) * unit - 1f;   // two 24-bit uniforms in [−1, 1)
            float r = u * u + v * v;
            if (r is >= 1f or 0f) continue;   // keep points strictly inside the unit disc (about 79% are)
            (x[i], y[i], s[i]) = (u, v, r);
            i++;
        }
        // factor = scale·√(−2 ln s / s); the pair (u·factor, v·factor) is two independent N(0, scale²) draws.
        var factor = _log.AsSpan(0, pairs);
        TensorPrimitives.Log(s, factor);
        for (int i = 0; i < pairs; i++) factor[i] = scale * MathF.Sqrt(-2f * factor[i] / s[i]);
        for (int i = 0; i < pairs; i++)
        {
            destination[2 * i] += x[i] * factor[i];
            if (2 * i + 1 < destination.Length) destination[2 * i + 1] += y[i] * factor[i];
        }
    }

    private ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
