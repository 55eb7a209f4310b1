using System.Numerics;
using ILGPU;

namespace Gmm.Gpu.Queries;

/// <summary>
/// How a covariance family measures ‖(x − μ_c)ᵀ U_c‖² from its precision factors, as a struct type argument the
/// query kernels are specialised on (no mode flag in the kernels).
/// </summary>
internal interface IQueryFactors<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The squared distance of point <paramref name="point"/> of <paramref name="x"/> (n×d, raw) from component
    /// <paramref name="component"/>: the point is shifted by <paramref name="center"/> (d) and the component's shifted mean
    /// (means: k×d, μ − c) subtracted, in T.
    /// </summary>
    T SquaredDistance(ArrayView<T> x, long point, ArrayView<T> center, ArrayView<T> means, ArrayView<T> factors, int component, in QueryArgs a);
}
