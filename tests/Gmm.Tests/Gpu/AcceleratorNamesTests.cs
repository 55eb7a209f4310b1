using Gmm.Gpu;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The one mapping between accelerator names and preferences (<see cref="AcceleratorNames"/>).</summary>
public class AcceleratorNamesTests
{
    [Theory]
    [InlineData(AcceleratorPreference.Auto, "auto")]
    [InlineData(AcceleratorPreference.Cuda, "cuda")]
    [InlineData(AcceleratorPreference.OpenCL, "opencl")]
    [InlineData(AcceleratorPreference.IlgpuCpu, "ilgpu-cpu")]
    public void EachPreferenceHasOneNameBothWays(AcceleratorPreference preference, string name)
    {
        Assert.Equal(name, AcceleratorNames.NameOf(preference));
        Assert.Equal(preference, AcceleratorNames.Parse(name));
        Assert.True(AcceleratorNames.TryParse(name, out var parsed));
        Assert.Equal(preference, parsed);
    }

    [Fact]
    public void AllNamesFollowTheEnumAndDevicesLeaveOutAuto()
    {
        Assert.Equal(Enum.GetValues<AcceleratorPreference>().Select(AcceleratorNames.NameOf), AcceleratorNames.All);
        Assert.Equal(AcceleratorNames.All.Where(n => n != AcceleratorNames.Auto), AcceleratorNames.Devices);
    }

    [Theory]
    [InlineData("CUDA")]
    [InlineData("gpu")]
    [InlineData("")]
    public void UnknownNamesAreRefusedListingTheKnownOnes(string name)
    {
        Assert.False(AcceleratorNames.TryParse(name, out _));
        var error = Assert.Throws<ArgumentException>("name", () => AcceleratorNames.Parse(name));
        Assert.Contains("auto, cuda, opencl, ilgpu-cpu", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("preference", () => AcceleratorNames.NameOf((AcceleratorPreference)99));
    }

    [Fact]
    public void TheTestProvidersNameIsADeviceName() => Assert.Contains(GpuTestData.Provider.Name, AcceleratorNames.Devices);
}
