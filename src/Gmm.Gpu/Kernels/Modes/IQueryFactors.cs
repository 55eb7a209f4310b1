// Compile-time covariance family of the query kernels: how ‖(x − μ_c)ᵀ U_c‖² is read from the precision factors.
using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// How a covariance family measures ‖(x − μ_c)ᵀ U_c‖² from its precision factors (<see cref="VarianceFactors"/>,
/// <see cref="TriangularFactors"/>), a struct type argument of the query kernels.
/// </summary>
internal interface IQueryFactors
{
    /// <summary>
    /// The squared distance of point <paramref name="point"/> of <paramref name="x"/> (n×d, raw values) from component
    /// <paramref name="component"/>: the point is shifted by <paramref name="center"/> (d) and the component's shifted mean
    /// (<paramref name="means"/>: k×d, μ − c) subtracted, in T.
    /// </summary>
    T SquaredDistance<T>(ArrayView<T> x, long point, ArrayView<T> center, ArrayView<T> means, ArrayView<T> factors, int component, in QueryArgs a)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
