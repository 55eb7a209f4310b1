using System.Diagnostics;
using Gmm.Gpu.Kernels;
using ILGPU.Runtime.OpenCL;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>A kernel the driver cannot build is reported with its name, the device and the driver's log (KernelBuild).</summary>
public class KernelBuildTests
{
    [Fact]
    public void FailedBuildNamesKernelAndDeviceAndCarriesTheLog()
    {
        var accelerator = GpuTestData.Provider.Accelerator;
        var error = Assert.Throws<InvalidOperationException>(() => KernelBuild.Load<int>(accelerator, "DiagonalLogSumExp", () =>
        {
            // What ILGPU's CLKernel does when clBuildProgram fails: the log goes to Trace, the exception says nothing.
            Trace.WriteLine("Kernel loading failed:");
            Trace.WriteLine("error: kernel.cl:5014:12: use of undeclared identifier 'work_group_reduce_add'");
            throw new CLException(CLError.CL_BUILD_PROGRAM_FAILURE);
        }));
        Assert.Contains("CL_BUILD_PROGRAM_FAILURE", error.Message, StringComparison.Ordinal);
        Assert.Contains("DiagonalLogSumExp", error.Message, StringComparison.Ordinal);
        Assert.Contains(accelerator.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("use of undeclared identifier 'work_group_reduce_add'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CPU backend", error.Message, StringComparison.Ordinal);
        Assert.IsType<CLException>(error.InnerException);
    }

    [Fact]
    public void OtherThreadsTraceIsNotPartOfTheLogAndOtherErrorsPassThrough()
    {
        var accelerator = GpuTestData.Provider.Accelerator;
        var error = Assert.Throws<InvalidOperationException>(() => KernelBuild.Load<int>(accelerator, "FullStatistics", () =>
        {
            var other = new Thread(() => Trace.WriteLine("another thread's message"));
            other.Start();
            other.Join();
            throw new CLException(CLError.CL_OUT_OF_RESOURCES);
        }));
        Assert.DoesNotContain("another thread's message", error.Message, StringComparison.Ordinal);
        Assert.Contains("gave no build log", error.Message, StringComparison.Ordinal);
        Assert.Contains("CL_OUT_OF_RESOURCES", error.Message, StringComparison.Ordinal);
        Trace.WriteLine("after the load: not captured by anyone"); // the listener stays, capturing nothing outside Load

        Assert.Throws<ArgumentException>(() => KernelBuild.Load<int>(accelerator, "FullStatistics", () => throw new ArgumentException("not a build")));
        Assert.Equal(7, KernelBuild.Load(accelerator, "FullStatistics", () => 7));
    }
}
