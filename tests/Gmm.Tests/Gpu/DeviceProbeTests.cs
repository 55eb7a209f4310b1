using Gmm.Gpu;
using ILGPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// Auto's cheap look before the ILGPU probe (<see cref="GpuPresence"/>): it may skip the probe only where the probe
/// could find nothing, and then it must give the probe's own answer.
/// </summary>
public class DeviceProbeTests
{
    [Theory]
    [InlineData(true, false, 0, true)]      // Linux, no CUDA driver, no OpenCL platform (or no loader): nothing to probe
    [InlineData(true, true, 0, false)]      // a CUDA driver: probe (it may see a device)
    [InlineData(true, false, 1, false)]     // an OpenCL platform (a GPU's, or PoCL's CPU device): probe
    [InlineData(true, false, null, false)]  // the platform query failed: probe
    [InlineData(false, false, 0, false)]    // another OS: always probe
    public void SkipsTheProbeOnlyWhenNoDriverAndNoPlatformCanOfferADevice(bool isLinux, bool cudaDriver, int? openClPlatforms, bool skip) =>
        Assert.Equal(skip, GpuPresence.NoneCanExist(isLinux, cudaDriver, openClPlatforms));

    [Theory]
    [InlineData(0, 0u, 0)]          // CL_SUCCESS, none
    [InlineData(0, 2u, 2)]          // CL_SUCCESS, two platforms
    [InlineData(-1001, 0u, 0)]      // CL_PLATFORM_NOT_FOUND_KHR: the loader has no ICD
    [InlineData(-30, 0u, null)]     // CL_INVALID_VALUE: unknown, so the probe decides
    [InlineData(-6, 0u, null)]      // CL_OUT_OF_HOST_MEMORY
    public void ReadsThePlatformQuery(int status, uint count, int? expected) =>
        Assert.Equal(expected, GpuPresence.PlatformCount(status, count));

    /// <summary>The premise on this machine: where the cheap look says "none", ILGPU itself finds no device.</summary>
    [Fact]
    public void WhereTheLookFindsNothingIlgpuFindsNoDevice()
    {
        if (!GpuPresence.NoneCanExist()) return; // a driver or a platform is here: the full probe runs, nothing to check
        Assert.Equal(0, GpuPresence.OpenClPlatformCount());
        using var context = Context.Create(b => b.Cuda().OpenCL());
        Assert.Equal(0, context.GetCudaDevices().Count);
        Assert.Equal(0, context.GetCLDevices().Count);
    }

    /// <summary>Auto chooses with the cheap look exactly what the full probe chooses, and says so in the same words.</summary>
    [Fact]
    public void AutoChoosesWhatTheFullProbeChooses()
    {
        Assert.Equal(Choose(fullProbe: true), Choose(fullProbe: false));
    }

    [Fact]
    public void TheFallbackProviderGivesTheProbesReason()
    {
        using var provider = GpuBackendProvider.Create(AcceleratorPreference.Auto);
        if (provider.FallbackReason is null) return; // a GPU is here
        Assert.Equal($"CPU backend (auto: {Choose(fullProbe: true)})", provider.DeviceDescription);
    }

    /// <summary>What Auto picks: the device's description, or the reason there is none.</summary>
    private static string Choose(bool fullProbe)
    {
        try
        {
            var (context, accelerator, description, _) = DeviceSelection.Select(AcceleratorPreference.Auto, fullProbe);
            accelerator.Dispose();
            context.Dispose();
            return description;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }
}
