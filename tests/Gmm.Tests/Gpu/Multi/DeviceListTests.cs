using Gmm.Gpu;
using Xunit;

namespace Gmm.Tests.Gpu.Multi;

/// <summary>Device lists ("cuda:all", "cuda:0,1"): the one mapping in <see cref="AcceleratorNames"/>, both ways, and its errors.</summary>
public class DeviceListTests
{
    [Theory]
    [InlineData("cuda:all", AcceleratorPreference.Cuda, null)]
    [InlineData("cuda:0,1", AcceleratorPreference.Cuda, new[] { 0, 1 })]
    [InlineData("opencl:2", AcceleratorPreference.OpenCL, new[] { 2 })]
    [InlineData("ilgpu-cpu:0,1,2", AcceleratorPreference.IlgpuCpu, new[] { 0, 1, 2 })]
    [InlineData("cuda:0,0", AcceleratorPreference.Cuda, new[] { 0, 0 })]
    public void ListsParseAndPrintBack(string name, AcceleratorPreference preference, int[]? devices)
    {
        Assert.True(AcceleratorNames.IsDeviceList(name));
        var (parsed, indices) = AcceleratorNames.ParseDeviceList(name);
        Assert.Equal(preference, parsed);
        Assert.Equal(devices, indices);
        Assert.Equal(name, AcceleratorNames.DeviceListName(parsed, indices));
    }

    [Theory]
    [InlineData("cuda:", "'' is not a device index")]
    [InlineData("cuda:0,", "'' is not a device index")]
    [InlineData("cuda:x", "'x' is not a device index")]
    [InlineData("cuda:-1", "'-1' is not a device index")]
    [InlineData("cuda:+1", "'+1' is not a device index")]
    [InlineData("cuda:64", "'64' is not a device index")]
    [InlineData("cuda:ALL", "'ALL' is not a device index")]
    [InlineData("auto:all", "'auto' is not a device kind")]
    [InlineData("gpu:0", "'gpu' is not a device kind")]
    [InlineData("ilgpu-cpu:all", "give simulated device indices")]
    public void MalformedListsAreRefusedSayingWhy(string name, string why)
    {
        var error = Assert.Throws<ArgumentException>("name", () => AcceleratorNames.ParseDeviceList(name));
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleAcceleratorNamesAreNotLists()
    {
        foreach (var name in AcceleratorNames.All) Assert.False(AcceleratorNames.IsDeviceList(name));
        Assert.False(AcceleratorNames.IsDeviceList(null));
        Assert.Throws<ArgumentException>("name", () => AcceleratorNames.ParseDeviceList("cuda"));
    }

    [Fact]
    public void CpuAcceleratorsNeedIndicesAndWeightsMustMatchTheDevices()
    {
        // All refused before any accelerator is opened.
        Assert.Contains("no devices to enumerate", Assert.Throws<ArgumentException>(() => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu)).Message, StringComparison.Ordinal);
        Assert.Contains("2 weights for 3 devices", Assert.Throws<ArgumentException>("options", () => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu,
            new MultiGpuOptions { Devices = [0, 1, 2], SliceWeights = [1, 2] })).Message, StringComparison.Ordinal);
        Assert.Contains("slice weight 1 is -1", Assert.Throws<ArgumentException>("SliceWeights", () => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu,
            new MultiGpuOptions { Devices = [0, 1], SliceWeights = [1, -1] })).Message, StringComparison.Ordinal);
        Assert.Contains("all 0", Assert.Throws<ArgumentException>("SliceWeights", () => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu,
            new MultiGpuOptions { Devices = [0, 1], SliceWeights = [0, 0] })).Message, StringComparison.Ordinal);
        Assert.Contains("Devices is empty", Assert.Throws<ArgumentException>(() => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu,
            new MultiGpuOptions { Devices = [] })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GpuBackendProvider.CreateMulti(AcceleratorPreference.IlgpuCpu,
            new MultiGpuOptions { Devices = [0], DeviceMemoryBudgetBytes = -1 }));
    }

    [Fact]
    public void ABackendsBudgetsAndWeightsMustMatchTheDevices()
    {
        var provider = MultiGpuTestData.Provider;
        Assert.Equal(["ilgpu-cpu:0", "ilgpu-cpu:1"], provider.DeviceNames);
        Assert.Equal("ilgpu-cpu:0,1", provider.Name);
        Assert.False(provider.MeasureSliceWeights); // the same model twice: equal slices
        Assert.Contains("3 budgets for 2 devices", Assert.Throws<ArgumentException>("deviceMemoryBudgetBytes", () => provider.CreateBackend<float>([1, 2, 3])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("deviceMemoryBudgetBytes", () => provider.CreateBackend<float>([1, 0]));
        Assert.Contains("1 slice weights for 2 devices", Assert.Throws<ArgumentException>("sliceWeights", () => provider.CreateBackend<float>(sliceWeights: [1])).Message, StringComparison.Ordinal);
    }
}
