using System.Numerics;
using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

public class VectorMathTests
{
    [Fact]
    public void ExpSingle_IsAccurateAndUnderflowsToExactZero()
    {
        var input = new float[Vector<float>.Count];
        for (double x = -120; x <= 88; x += 0.0137)
        {
            for (int i = 0; i < input.Length; i++) input[i] = (float)(x + i * 1e-3);
            var result = VectorMath.ExpSingle(new Vector<float>(input));
            for (int i = 0; i < input.Length; i++)
            {
                double expected = Math.Exp(input[i]);
                if (input[i] < -87.33f) Assert.Equal(0f, result[i]);
                else Assert.True(Math.Abs(result[i] - expected) <= 3e-7 * expected, $"exp({input[i]}) = {result[i]}, expected {expected}");
            }
        }
        Assert.Equal(0f, VectorMath.ExpSingle(new Vector<float>(float.NegativeInfinity))[0]);
    }
}
