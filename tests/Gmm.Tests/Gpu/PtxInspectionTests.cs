using Gmm.KernelTools;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The offline PTX inspection (`Gmm.Bench ptx`): kernels compile to PTX without a device, and the mix is classified.</summary>
public class PtxInspectionTests
{
    [Fact]
    public void KernelCompilesToPtxWithoutDeviceAndItsProductLoopIsFound()
    {
        using var compiler = new PtxCompiler();
        string ptx = compiler.Compile(GpuKernels.Find("float", "FullKernels.Projection"));

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
        Assert.Contains(".maxntid 256", ptx, StringComparison.Ordinal); // the kernel's LaunchBounds, as the backend loads it
        Assert.Contains(".minnctapersm 5", ptx, StringComparison.Ordinal);
        var report = PtxKernelReport.Of(ptx);
        Assert.True(report.Whole.FmaEquivalent > 0, "the projection's multiply-adds are counted as FMAs");
        var hot = report.HotLoops.First();
        Assert.True(hot.Innermost);
        Assert.Equal(64, hot.Mix.FmaEquivalent); // four rows of U times a 4×4 register tile
        Assert.Equal(8, hot.Mix.SharedVector); // one Quad of x and one of U per row
        Assert.InRange(hot.Mix.Fp32Share, 0.01, 1.0);
    }

    [Fact]
    public void Float64EStepKernelsCallNoMathRoutines()
    {
        // ILGPU's XMath.Exp/Log(double) are CORDIC loops in eight device functions; DoubleMath keeps each E-step kernel
        // one straight-line function.
        using var compiler = new PtxCompiler();
        foreach (var kernel in GpuKernels.For("double").Where(k => !k.Name.StartsWith("MStepKernels", StringComparison.Ordinal)))
        {
            string ptx = compiler.Compile(kernel);
            Assert.True(PtxKernelReport.Of(ptx).Functions.Count == 1, $"{kernel.Name} compiles to more than one PTX function");
            Assert.DoesNotContain(".func", ptx, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CatalogListsTheEStepKernelsForBothTypesInEveryVariant()
    {
        foreach (string type in new[] { "float", "double" })
        {
            var names = GpuKernels.For(type).Select(k => k.Name).ToList();
            Assert.Contains("DiagonalKernels.LogSumExp<Unweighted>", names);
            Assert.Contains("DiagonalKernels.LogSumExp<Weighted>", names);
            Assert.Contains("DiagonalKernels.Statistics<Unweighted, SeparateLse>", names);
            Assert.Contains("DiagonalKernels.Statistics<Weighted, FusedLse>", names);
            Assert.Contains("DiagonalKernels.TiedStatistics<Weighted, SeparateLse>", names);
            Assert.Contains("FullKernels.LogSumExp<Weighted>", names);
            Assert.Contains("FullKernels.Statistics<Unweighted>", names);
            Assert.Contains("FullKernels.TiedScatter<Weighted>", names);
            Assert.Contains("FullKernels.Projection", names);
            Assert.Contains("MStepKernels.Layout<SphericalKind>", names);
            Assert.Equal(names.Count, names.Distinct().Count());
        }
    }

    [Fact]
    public void ClassifiesAndFindsTheLoopOfHandWrittenPtx()
    {
        const string Ptx = """
            .version 8.8
            .target sm_80
            .address_size 64
            .visible .entry Kernel_Test(
                .param .b64 _p
            )
            {
                .reg .pred %p<3>;
                mov.b32 %r1, 0;
            L_1:
                setp.ge.s32 %p1, %r1, 8;
                @%p1 bra.uni L_2;
                mul.wide.u32 %rd2, 16, 4;
                add.u64 %rd3, %rd1, %rd2;
                ld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [%rd3];
                fma.rn.f32 %f5, %f1, %f2, %f5;
                mul.f32 %f6, %f3, %f4;
                add.f32 %f7, %f7, %f6;
                cvt.s64.s32 %rd4, %r1;
                bar.sync 0;
                add.s32 %r1, %r1, 1;
                bra.uni L_1;
            L_2:
                ex2.approx.f32 %f8, %f7;
                red.add.global.f64 [%rd5], %fd1;
                ret;
            }
            """;
        var report = PtxKernelReport.Of(Ptx);

        var loop = Assert.Single(report.Loops);
        Assert.Equal("L_1", loop.Header.Label);
        var mix = loop.Mix;
        Assert.Equal(1, mix[PtxClass.Fma32]);
        Assert.Equal(1, mix.ContractedFma);
        Assert.Equal(2, mix.FmaEquivalent);
        Assert.Equal(1, mix[PtxClass.SharedLoad]);
        Assert.Equal(1, mix.SharedVector);
        Assert.Equal(1, mix[PtxClass.Convert]);
        Assert.Equal(1, mix[PtxClass.Barrier]);
        Assert.Equal(2, mix[PtxClass.Branch]);
        Assert.Equal(3, mix[PtxClass.Integer]); // mul.wide, add.u64, add.s32
        Assert.Equal(2, mix.Folded); // the constant offset and its [reg + imm] add
        Assert.Equal(1, report.Whole[PtxClass.Special]);
        Assert.Equal(1, report.Whole[PtxClass.Atomic]);
        Assert.Equal(3, mix.Fp32);
    }
}
