using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Gmm.Speech.Features;

/// <summary>
/// Seeded standard-normal noise for dithering (Box–Muller on float32, vectorised): the same seed gives the same
/// sequence. Holds buffers: one instance per thread.
/// </summary>
internal sealed class GaussianNoise(int seed)
{
    private readonly Random _random = new(seed);
    private uint[] _bits = [];
    private float[] _radius = [], _angle = [], _cos = [];

    /// <summary>Adds <paramref name="scale"/> × N(0, 1) noise to every value of <paramref name="destination"/>.</summary>
    public void AddTo(Span<float> destination, float scale)
    {
        int pairs = (destination.Length + 1) / 2;
        if (_radius.Length < pairs)
        {
            _bits = new uint[2 * pairs];
            (_radius, _angle, _cos) = (new float[pairs], new float[pairs], new float[pairs]);
        }
        var bits = _bits.AsSpan(0, 2 * pairs);
        _random.NextBytes(MemoryMarshal.AsBytes(bits));
        var radius = _radius.AsSpan(0, pairs);
        var angle = _angle.AsSpan(0, pairs);
        var cos = _cos.AsSpan(0, pairs);
        const float unit = 1f / (1 << 24);
        for (int i = 0; i < pairs; i++)
        {
            radius[i] = ((bits[2 * i] >> 8) + 1) * unit;        // (0, 1]: its log is finite
            angle[i] = (bits[2 * i + 1] >> 8) * unit * (2 * MathF.PI);
        }
        TensorPrimitives.Log(radius, radius);
        TensorPrimitives.Multiply(radius, -2f * scale * scale, radius);
        TensorPrimitives.Sqrt(radius, radius);                 // scale·√(−2 ln u1)
        TensorPrimitives.Cos(angle, cos);
        TensorPrimitives.Sin(angle, angle);
        for (int i = 0; i < pairs; i++)
        {
            destination[2 * i] += radius[i] * cos[i];
            if (2 * i + 1 < destination.Length) destination[2 * i + 1] += radius[i] * angle[i];
        }
    }
}
