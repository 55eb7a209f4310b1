namespace Gmm.Cpu;

/// <summary>
/// Measurement (r2rkernels): a non-generic method that names the diagonal and spherical kernels' float32 and float64
/// AVX-512 instantiations, so that crossgen2 precompiles them into Gmm's ReadyToRun image (the fit reaches them through
/// generic code instantiated from the tool's assembly and a generic virtual method, which ReadyToRun does not follow).
/// Never called.
/// </summary>
internal static class ReadyToRunRoots
{
    /// <summary>Names the instantiations; never called.</summary>
    internal static void Kernels()
    {
        DiagonalKernel<float, SingleVariance, Simd512<float>>.RootForReadyToRun(null!, null!);
        DiagonalKernel<float, PerFeatureVariances, Simd512<float>>.RootForReadyToRun(null!, null!);
        DiagonalKernel<double, SingleVariance, Simd512<double>>.RootForReadyToRun(null!, null!);
        DiagonalKernel<double, PerFeatureVariances, Simd512<double>>.RootForReadyToRun(null!, null!);
    }
}
