// Query-kernel mode: full and tied covariances.
using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>Full and tied covariances: the upper-triangular U (d×d, row-major, U Uᵀ = Σ⁻¹) of each component, or one shared (stride 0).</summary>
internal readonly struct TriangularFactors : IQueryFactors
{
    /// <inheritdoc />
    public T SquaredDistance<T>(ArrayView<T> x, long point, ArrayView<T> center, ArrayView<T> means, ArrayView<T> factors, int component, in QueryArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long xo = point * a.D, mo = (long)component * a.D, fo = (long)component * a.FactorStride;
        T sum = T.Zero;
        for (int i = 0; i < a.D; i++)
        {
            T y = T.Zero;
            for (int j = 0; j <= i; j++) y += (x[xo + j] - center[j] - means[mo + j]) * factors[fo + (long)j * a.D + i];
            sum += y * y;
        }
        return sum;
    }
}
