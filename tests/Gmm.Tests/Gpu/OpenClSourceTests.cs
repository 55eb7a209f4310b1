using System.Text.RegularExpressions;
using Gmm.KernelTools;
using ILGPU.Runtime;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// The OpenCL C that ILGPU writes for every kernel (offline, no OpenCL runtime): it must build on any OpenCL 3.0 device
/// with the generic address space, so it may not call the optional work-group collective or sub-group functions
/// (ILGPU turns GroupExtensions.Reduce into work_group_reduce_add and Group.BarrierOr into work_group_any; PoCL's CPU
/// device has neither and refused every E-step kernel before GroupSum and GroupVote replaced them).
/// </summary>
public partial class OpenClSourceTests
{
    [Theory]
    [InlineData("float")]
    [InlineData("double")]
    public void EveryKernelAvoidsOptionalOpenClFeatures(string computeType)
    {
        using var compiler = new OpenClSourceCompiler();
        var kernels = GpuKernels.For(computeType);
        Assert.True(kernels.Count >= 10, "the catalog lists the E-step, M-step and initialisation kernels");
        foreach (var kernel in kernels)
        {
            string source = compiler.Compile(kernel);
            Assert.Contains("kernel void", source, StringComparison.Ordinal);
            var optional = OptionalBuiltin().Match(source);
            Assert.False(optional.Success, $"{kernel.Name} ({computeType}) calls {optional.Groups[1].Value}, optional in OpenCL 3.0");
        }
    }

    [Fact]
    public void TheCheckSeesIlgpusCollectives()
    {
        // The check is only as good as its pattern: a kernel with ILGPU's group reduction must trip it.
        using var compiler = new OpenClSourceCompiler();
        string source = compiler.Compile(typeof(CollectiveProbe).GetMethod(nameof(CollectiveProbe.Reduce))!, KernelSpecialization.Empty);
        Assert.Matches(OptionalBuiltin(), source);
    }

    // work_group_barrier is core OpenCL 2.0/3.0; the collectives (reduce, scans, broadcast, any, all) and sub-groups are not.
    // No leading word boundary, so vendor-prefixed forms (intel_sub_group_shuffle, get_sub_group_id) match too.
    [GeneratedRegex(@"(work_group_(?:reduce|scan|broadcast|any|all)[a-z_]*|sub_group_[a-z_]+)\s*\(")]
    private static partial Regex OptionalBuiltin();
}
