// Host copies of a model's parameters in the kernels' layouts, written by the covariance type and then uploaded.
using System.Numerics;

namespace Gmm.Gpu.Covariance;

/// <summary>
/// The host side of <see cref="DeviceParameters{T}"/>'s means, precisions and Cholesky buffers (same lengths), with the
/// strides of their layouts; <see cref="DeviceCovariance.WriteLayouts{T}"/> fills them before the upload.
/// </summary>
/// <param name="Means">Means about the centre: d×kp feature-major (diag, spherical; tied: projected means), k×d (full).</param>
/// <param name="Precisions">d×kp: 1/σ² (diag; spherical: repeated over features; tied: ones); unused by full.</param>
/// <param name="Cholesky">Upper precision Cholesky factors, each zero-padded to P×P: full k, tied 1; unused by diag and spherical.</param>
/// <param name="Kp">Components padded to the diagonal kernels' tile: the row length of the d×kp layouts.</param>
/// <param name="CholeskyStride">P, the row stride of a padded factor: entry (j, i) of factor c at c·P² + j·P + i.</param>
internal sealed record ParameterLayouts<T>(T[] Means, T[] Precisions, T[] Cholesky, int Kp, int CholeskyStride)
    where T : unmanaged, IFloatingPointIeee754<T>;
