using Gmm.Gpu;
using Xunit;

namespace Gmm.Tests.Gpu.Multi;

/// <summary>Opening and closing a multi-device provider and its backends in either order.</summary>
public class MultiGpuLifetimeTests
{
    [Fact]
    public void ABackendDisposedAfterItsProviderHasNothingLeftToFree()
    {
        var provider = GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu, new MultiGpuOptions { Devices = [3] });
        Assert.Equal("ilgpu-cpu:3", provider.Name);
        Assert.Equal(["ilgpu-cpu:3"], provider.DeviceNames);
        var backend = provider.Create<float>();
        provider.Dispose();
        backend.Dispose(); // no exception: the devices' threads and accelerators are gone
        provider.Dispose();
        Assert.Throws<ObjectDisposedException>(() => provider.Create<float>());
    }
}
