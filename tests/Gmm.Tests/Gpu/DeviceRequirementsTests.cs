using System.Text.RegularExpressions;
using Gmm.Gpu;
using Gmm.KernelTools;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The check of a GPU's resources against the kernels' needs (<see cref="DeviceRequirements"/>).</summary>
public class DeviceRequirementsTests
{
    private const string Device = "OpenCL: Some GPU (forced)";

    [Theory]
    [InlineData(48 * 1024)]
    [InlineData(48_640)]
    [InlineData(64 * 1024)]
    public void EnoughSharedMemoryWithFloat64AndAtomicsIsSupported(long shared) =>
        Assert.Null(DeviceRequirements.Unsupported(Device, shared));

    [Theory]
    [InlineData(32 * 1024)]
    [InlineData(48_639)]
    public void TooLittleSharedMemoryIsRefusedNamingTheDeviceTheLimitAndTheNeed(long shared)
    {
        string? reason = DeviceRequirements.Unsupported(Device, shared);
        Assert.NotNull(reason);
        Assert.Contains(Device, reason, StringComparison.Ordinal);
        Assert.Contains($"{shared} bytes of shared memory per group", reason, StringComparison.Ordinal);
        Assert.Contains("need 48640", reason, StringComparison.Ordinal);
        Assert.Contains("CPU backend", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFloat64OrInt64AtomicsIsRefused()
    {
        Assert.Contains("float64", DeviceRequirements.Unsupported(Device, 65536, float64: false), StringComparison.Ordinal);
        Assert.Contains("64-bit atomics", DeviceRequirements.Unsupported(Device, 65536, int64Atomics: false), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("maxSharedMemoryPerGroup", () => DeviceRequirements.Unsupported(Device, -1));
    }

    [SkippableFact]
    public void TheTestsAcceleratorPassesTheCheck()
    {
        Skip.If(GpuTestData.OnCpuAccelerator, "ILGPU's CPU accelerator is exempt from the device check; set GMM_TEST_ACCELERATOR=cuda or opencl to run it on a device.");
        DeviceRequirements.Check(GpuTestData.Provider.Accelerator, GpuTestData.Provider.DeviceDescription);
    }

    [Fact]
    public void TheNeedIsTheLargestStaticSharedMemoryOfAnyKernel()
    {
        // As ILGPU's PTX backend declares it (.shared arrays of each kernel): the float64 full log-sum-exp's.
        var declaration = new Regex(@"\.shared\s+\.align\s+\d+\s+\.b8\s+\w+\[(\d+)\]", RegexOptions.CultureInvariant);
        using var compiler = new PtxCompiler();
        var sizes = new Dictionary<string, long>();
        foreach (var (type, _) in GpuKernels.ComputeTypes)
            foreach (var kernel in GpuKernels.For(type))
                sizes[$"{kernel.Name}.{type}"] = declaration.Matches(compiler.Compile(kernel)).Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        long largest = sizes.Values.Max();
        Assert.Equal(DeviceRequirements.SharedMemoryBytes, largest);
        Assert.Equal(["FullKernels.LogSumExp<Unweighted>.double", "FullKernels.LogSumExp<Weighted>.double"], // one kernel in its two weight modes
            sizes.Where(s => s.Value == largest).Select(s => s.Key).Order(StringComparer.Ordinal));
    }
}
