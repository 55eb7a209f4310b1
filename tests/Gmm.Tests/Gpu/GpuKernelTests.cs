using Gmm.Gpu;
using Gmm.Gpu.Kernels;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// The public kernel list (<see cref="GpuKernel.All"/>) is what the backend loads: one closed method per compute type and
/// mode variant, compiled with its launch bounds.
/// </summary>
public class GpuKernelTests
{
    [Fact]
    public void EveryKernelIsClosedAndNamedOncePerComputeType()
    {
        Assert.All(GpuKernel.All, k => Assert.False(k.Method.ContainsGenericParameters, $"{k} has open type parameters"));
        Assert.All(GpuKernel.All, k => Assert.Equal(k.Method.DeclaringType!.GetGenericArguments()[0], k.ComputeType));
        foreach (var type in new[] { typeof(float), typeof(double) })
        {
            var names = GpuKernel.All.Where(k => k.ComputeType == type).Select(k => k.Name).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
        }
        Assert.Equal(GpuKernel.All.Count, 2 * GpuKernel.All.Count(k => k.ComputeType == typeof(float)));
    }

    [Fact]
    public void ModesMultiplyIntoVariants()
    {
        var statistics = KernelCatalog.Single.DiagonalStatistics.Variants.Select(k => k.Name);
        Assert.Equal(
        [
            "DiagonalKernels.Statistics<Unweighted, SeparateLse>", "DiagonalKernels.Statistics<Weighted, SeparateLse>",
            "DiagonalKernels.Statistics<Unweighted, FusedLse>", "DiagonalKernels.Statistics<Weighted, FusedLse>",
        ], statistics);
        var family = KernelCatalog.Double.MStepFactor;
        Assert.Equal("MStepKernels.Factor<TiedKind>", family.Variants[family.IndexOf(typeof(TiedKind))].Name);
        Assert.Throws<ArgumentException>("modes", () => family.IndexOf(typeof(DiagonalKind)));
        Assert.Single(KernelCatalog.Single.TiedProjection.Variants);
    }

    [Theory]
    [InlineData("FullKernels.LogSumExp<Weighted>", typeof(float), 5)]
    [InlineData("FullKernels.LogSumExp<Unweighted>", typeof(double), 4)]
    [InlineData("FullKernels.TiedScatter<Weighted>", typeof(float), 4)]
    [InlineData("FullKernels.Projection", typeof(float), 5)]
    public void LaunchBoundsTravelWithTheKernel(string name, Type computeType, int groups)
    {
        var kernel = GpuKernel.All.Single(k => k.Name == name && k.ComputeType == computeType);
        Assert.Equal(KernelGeometry.GroupSize, kernel.Specialization.MaxNumThreadsPerGroup);
        Assert.Equal(groups, kernel.Specialization.MinNumGroupsPerMultiprocessor);
    }

    [Fact]
    public void KernelsWithoutBoundsHaveNone()
    {
        var kernel = GpuKernel.All.First(k => k.Name == "DiagonalKernels.Statistics<Weighted, FusedLse>");
        Assert.Null(kernel.Specialization.MaxNumThreadsPerGroup);
        Assert.Null(kernel.Specialization.MinNumGroupsPerMultiprocessor);
    }
}
