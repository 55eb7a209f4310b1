using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The float64 kernels' exp and log (<see cref="DoubleMath"/>) against .NET's, in C# and in an ILGPU kernel.</summary>
public class DoubleMathTests
{
    [Fact]
    public void ExpIsWithinTwoUlpsOverItsWholeRange()
    {
        var random = new Random(3);
        long worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = i % 2 == 0 ? -745 + 1455 * random.NextDouble() : -40 + 40 * random.NextDouble(); // the E-step's x ≤ 0
            worst = Math.Max(worst, UlpDistance(DoubleMath.Exp(x), Math.Exp(x)));
        }
        Assert.InRange(worst, 0, 2);
    }

    [Fact]
    public void LogIsWithinTwoUlpsOverItsWholeRange()
    {
        var random = new Random(5);
        long worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = (i % 3) switch
            {
                0 => Math.Exp(-744 + 1453 * random.NextDouble()),
                1 => 0.5 + 1.5 * random.NextDouble(), // around 1, where ln x is small and relative accuracy is hardest
                _ => BitConverter.Int64BitsToDouble(random.NextInt64(1, 0x7FEF_FFFF_FFFF_FFFF)),
            };
            worst = Math.Max(worst, UlpDistance(DoubleMath.Log(x), Math.Log(x)));
        }
        Assert.InRange(worst, 0, 2);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(709.79, double.PositiveInfinity)]
    [InlineData(-746.0, 0.0)]
    [InlineData(-10000.0, 0.0)]
    public void ExpSpecialValues(double x, double expected) => Assert.Equal(expected, DoubleMath.Exp(x));

    [Fact]
    public void NegativeZero()
    {
        Assert.Equal(1.0, DoubleMath.Exp(-0.0));
        Assert.Equal(double.NegativeInfinity, DoubleMath.Log(-0.0));
    }

    [Fact]
    public void ExpKeepsNaNAndRoundsIntoTheSubnormalsAndUpToTheLargestDouble()
    {
        Assert.True(double.IsNaN(DoubleMath.Exp(double.NaN)));
        Assert.InRange(UlpDistance(DoubleMath.Exp(1.0), Math.E), 0, 1);
        foreach (double x in new[] { -708.5, -720.0, -740.0, -745.0, 709.78 })
            Assert.InRange(UlpDistance(DoubleMath.Exp(x), Math.Exp(x)), 0, 2);
        Assert.True(DoubleMath.Exp(-745.0) > 0);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    public void LogSpecialValues(double x, double expected) => Assert.Equal(expected, DoubleMath.Log(x));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void LogOfNegativeOrNaNIsNaN(double x) => Assert.True(double.IsNaN(DoubleMath.Log(x)));

    [Fact]
    public void LogOfSubnormalsAndExtremes()
    {
        foreach (double x in new[] { double.Epsilon, 1e-310, 2.2250738585072014e-308, double.MaxValue, Math.E, 2.0, Math.Sqrt(2) })
            Assert.InRange(UlpDistance(DoubleMath.Log(x), Math.Log(x)), 0, 2);
    }

    [Fact]
    public void KernelOnIlgpuCpuAcceleratorMatchesCSharp()
    {
        double[] inputs = [-745.0, -700.5, -30.25, -1.0, -1e-9, 0.0, 0.5, 3.0, 700.0, double.NegativeInfinity, 1e-310, 123456.789];
        using var context = Context.Create(builder => builder.CPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(DoubleMathKernel.ExpLog);
        using var x = accelerator.Allocate1D(inputs);
        using var exp = accelerator.Allocate1D<double>(inputs.Length);
        using var log = accelerator.Allocate1D<double>(inputs.Length);
        kernel(inputs.Length, x.View, exp.View, log.View);
        accelerator.Synchronize();
        var exps = exp.GetAsArray1D();
        var logs = log.GetAsArray1D();
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(DoubleMath.Exp(inputs[i]), exps[i]);
            Assert.Equal(DoubleMath.Log(Math.Abs(inputs[i])), logs[i]);
        }
    }

    private static long UlpDistance(double a, double b)
    {
        if (a == b) return 0;
        if (double.IsNaN(a) || double.IsNaN(b) || Math.Sign(a) != Math.Sign(b)) return long.MaxValue;
        return Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));
    }
}
