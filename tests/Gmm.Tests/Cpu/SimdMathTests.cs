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
}
