using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>The tool's vectorised finite check: every length around the vector widths, a bad value at every position.</summary>
public sealed class FiniteCheckTests
{
    [Fact]
    public void DoubleValues() => Check(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon, i => i * 0.5 - 7);

    [Fact]
    public void FloatValues() => Check(float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon, i => i * 0.5f - 7);

    private static void Check<T>(T nan, T plusInfinity, T minusInfinity, T largest, T smallest, Func<int, T> value)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int n = 0; n <= 80; n++)
        {
            var values = Enumerable.Range(0, n).Select(value).ToArray();
            Assert.True(FiniteCheck.AllFinite<T>(values), $"n = {n}: finite values");
            if (n > 0)
            {
                values[0] = largest;
                values[n - 1] = -largest;
                values[n / 2] = smallest;
                Assert.True(FiniteCheck.AllFinite<T>(values), $"n = {n}: extremes are finite");
            }
            for (int at = 0; at < n; at++)
                foreach (var bad in new[] { nan, plusInfinity, minusInfinity })
                {
                    var copy = (T[])values.Clone();
                    copy[at] = bad;
                    Assert.False(FiniteCheck.AllFinite<T>(copy), $"n = {n}: {bad} at {at}");
                }
        }
    }
}
