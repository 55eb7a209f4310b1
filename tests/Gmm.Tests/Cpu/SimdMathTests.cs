using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

public class SimdMathTests
{
    public static TheoryData<int> Widths => [128, 256, 512];

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void ExpSingle_IsAccurateAndUnderflowsToExactZero(int bits)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        switch (bits)
        {
            case 512: Check<Simd512<float>>(); break;
            case 256: Check<Simd256<float>>(); break;
            default: Check<Simd128<float>>(); break;
        }
    }

    private static void Check<TV>() where TV : struct, ISimd<TV, float>
    {
        var input = new float[TV.Count];
        var result = new float[TV.Count];
        for (double x = -120; x <= 88; x += 0.0137)
        {
            for (int i = 0; i < input.Length; i++) input[i] = (float)(x + i * 1e-3);
            TV.Exp(TV.Load(ref input[0], 0)).Store(ref result[0], 0);
            for (int i = 0; i < input.Length; i++)
            {
                double expected = Math.Exp(input[i]);
                if (input[i] < -87.33f) Assert.Equal(0f, result[i]);
                else Assert.True(Math.Abs(result[i] - expected) <= 3e-7 * expected, $"exp({input[i]}) = {result[i]}, expected {expected}");
            }
        }
        TV.Exp(TV.Create(float.NegativeInfinity)).Store(ref result[0], 0);
        Assert.Equal(0f, result[0]);
    }
    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void ExpDouble_IsAccurateAndUnderflowsToExactZero(int bits)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        switch (bits)
        {
            case 512: CheckDouble<Simd512<double>>(); break;
            case 256: CheckDouble<Simd256<double>>(); break;
            default: CheckDouble<Simd128<double>>(); break;
        }
    }

    private static void CheckDouble<TV>() where TV : struct, ISimd<TV, double>
    {
        var input = new double[TV.Count];
        var result = new double[TV.Count];
        double worst = 0;
        for (double x = -750; x <= 709; x += 0.0731)
        {
            for (int i = 0; i < input.Length; i++) input[i] = x + i * 1.37e-3;
            TV.Exp(TV.Load(ref input[0], 0)).Store(ref result[0], 0);
            for (int i = 0; i < input.Length; i++)
            {
                if (input[i] < -708) { Assert.Equal(0.0, result[i]); continue; }
                double expected = Math.Exp(input[i]);
                worst = Math.Max(worst, Math.Abs(result[i] - expected) / expected);
            }
        }
        // Near 0 (log-probabilities just below a row's maximum) and the reduction's boundaries ±½ ln 2.
        foreach (double x in new[] { 0.0, -1e-300, -1e-17, -1e-9, -0.3465735902799726, 0.3465735902799727, -0.6931471805599453, -1.0, -36.7, -707.99 })
        {
            TV.Exp(TV.Create(x)).Store(ref result[0], 0);
            worst = Math.Max(worst, Math.Abs(result[0] - Math.Exp(x)) / Math.Exp(x));
        }
        Assert.True(worst <= 4.5e-16, $"largest relative error {worst:G3} (2 ulp is 4.4e-16)");
        TV.Exp(TV.Create(0.0)).Store(ref result[0], 0);
        Assert.Equal(1.0, result[0]);
        TV.Exp(TV.Create(double.NegativeInfinity)).Store(ref result[0], 0);
        Assert.Equal(0.0, result[0]);
        TV.Exp(TV.Create(double.NaN)).Store(ref result[0], 0);
        Assert.True(double.IsNaN(result[0]));
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void LogSingle_IsAccurateOverTheNormalRangeAndKeepsNaN(int bits)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        switch (bits)
        {
            case 512: CheckLog<Simd512<float>>(); break;
            case 256: CheckLog<Simd256<float>>(); break;
            default: CheckLog<Simd128<float>>(); break;
        }
    }

    private static void CheckLog<TV>() where TV : struct, ISimd<TV, float>
    {
        var input = new float[TV.Count];
        var result = new float[TV.Count];
        // Every binade of the normal floats, with mantissas on both sides of √½ and exact powers of two.
        for (double x = 1.17549435e-38; x < float.MaxValue / 1.1; x *= 1.0137)
        {
            for (int i = 0; i < input.Length; i++) input[i] = (float)(x * (1 + i * 1e-3));
            TV.Log(TV.Load(ref input[0], 0)).Store(ref result[0], 0);
            for (int i = 0; i < input.Length; i++)
            {
                double expected = Math.Log(input[i]);
                Assert.True(Math.Abs(result[i] - expected) <= 2.5e-7 * Math.Max(1, Math.Abs(expected)), $"log({input[i]}) = {result[i]}, expected {expected}");
            }
        }
        foreach (float power in new[] { 0.5f, 1f, 2f, 1024f, 1f / 1024 })
        {
            TV.Log(TV.Create(power)).Store(ref result[0], 0);
            Assert.Equal(Math.Log(power), result[0], 6);
        }
        TV.Log(TV.Create(float.NaN)).Store(ref result[0], 0);
        Assert.True(float.IsNaN(result[0]));
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public void ScaleByPowerOfTwo_IsExactOverTheNormalExponents(int bits)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        switch (bits)
        {
            case 512: CheckScale<Simd512<double>, double>(); CheckScale<Simd512<float>, float>(); break;
            case 256: CheckScale<Simd256<double>, double>(); CheckScale<Simd256<float>, float>(); break;
            default: CheckScale<Simd128<double>, double>(); CheckScale<Simd128<float>, float>(); break;
        }
    }

    /// <summary>value · 2ⁿ for every n whose 2ⁿ is a normal number of T, negative n and lanes of different n included.</summary>
    private static void CheckScale<TV, T>() where TV : struct, ISimd<TV, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int lowest = typeof(T) == typeof(float) ? -126 : -1022, highest = typeof(T) == typeof(float) ? 127 : 1023;
        var value = new T[TV.Count];
        var exponent = new T[TV.Count];
        var result = new T[TV.Count];
        for (int n = lowest; n <= highest; n++)
        {
            for (int i = 0; i < TV.Count; i++)
            {
                value[i] = T.CreateTruncating(1.0 + i / 32.0);
                exponent[i] = T.CreateTruncating(Math.Clamp(n - i, lowest, highest));
            }
            TV.ScaleByPowerOfTwo(TV.Load(ref value[0], 0), TV.Load(ref exponent[0], 0)).Store(ref result[0], 0);
            for (int i = 0; i < TV.Count; i++)
                Assert.Equal(T.ScaleB(value[i], int.CreateTruncating(exponent[i])), result[i]);
        }
    }
}
