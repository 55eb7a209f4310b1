// Query-kernel mode: diagonal and spherical covariances.
using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>Diagonal and spherical covariances: factors k×d of 1/σ (spherical: its one value repeated over the features).</summary>
internal readonly struct VarianceFactors : IQueryFactors
{
    /// <inheritdoc />
    public T SquaredDistance<T>(ArrayView<T> x, long point, ArrayView<T> center, ArrayView<T> means, ArrayView<T> factors, int component, in QueryArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long xo = point * a.D, mo = (long)component * a.D, fo = (long)component * a.FactorStride;
        T sum = T.Zero;
        for (int j = 0; j < a.D; j++)
        {
            T y = (x[xo + j] - center[j] - means[mo + j]) * factors[fo + j];
            sum += y * y;
        }
        return sum;
    }
}
