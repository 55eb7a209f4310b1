using Gmm.Gpu.Kernels;
using ILGPU;

namespace Gmm.Tests.Gpu;

/// <summary>The test's kernel (public for ILGPU's CPU accelerator, not a test method).</summary>
public static class DoubleMathKernel
{
    /// <summary>Kernel: exp[i] = e^x[i], log[i] = ln |x[i]|.</summary>
    public static void ExpLog(Index1D i, ArrayView<double> x, ArrayView<double> exp, ArrayView<double> log)
    {
        exp[i] = DoubleMath.Exp(x[i]);
        log[i] = DoubleMath.Log(Math.Abs(x[i]));
    }
}
