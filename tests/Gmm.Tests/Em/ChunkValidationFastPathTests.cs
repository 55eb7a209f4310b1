using Xunit;

namespace Gmm.Tests.Em;

/// <summary>
/// The vectorised pre-check of the fit's one validation pass: true for values within the limit (so that clean data
/// skips the value-by-value checks), false for a NaN, ±∞ or a value beyond the limit wherever it sits.
/// </summary>
public sealed class ChunkValidationFastPathTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrueWithinTheLimitFalseOtherwise(bool single)
    {
        const double limit = 1e6;
        for (int n = 1; n <= 100; n++)
        {
            var values = Enumerable.Range(0, n).Select(i => (i % 7 - 3) * 1e5).ToArray();
            values[n / 2] = -limit;
            Assert.True(Within(values, limit, single), $"n = {n}");
            for (int at = 0; at < n; at++)
                foreach (double bad in new[] { double.NaN, double.PositiveInfinity, -2 * limit })
                {
                    var copy = (double[])values.Clone();
                    copy[at] = bad;
                    Assert.False(Within(copy, limit, single), $"n = {n}: {bad} at {at}");
                }
        }
    }

    private static bool Within(double[] values, double limit, bool single) => single
        ? ChunkValidation.AllWithin<float>(values.Select(v => (float)v).ToArray(), limit)
        : ChunkValidation.AllWithin<double>(values, limit);
}
