namespace Gmm.Tests.Support;

/// <summary>Bit-for-bit comparison of float64 arrays: for rewrites that must not change a single result.</summary>
public static class Bitwise
{
    /// <summary>Asserts that <paramref name="actual"/> holds exactly <paramref name="expected"/>'s bits, naming the first index that differs.</summary>
    public static void Equal(double[] expected, double[] actual, string what)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Xunit.Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>
    /// Asserts that two sets of a lane's statistics (N, F, S, Σ w log p, Σ w) are the same bit for bit, each part named
    /// after <paramref name="where"/>.
    /// </summary>
    public static void EqualStatistics(
        (double[] N, double[] F, double[] S, double LogLikelihood, double WeightSum) expected,
        (double[] N, double[] F, double[] S, double LogLikelihood, double WeightSum) actual, string where)
    {
        Equal(expected.N, actual.N, $"{where}, N");
        Equal(expected.F, actual.F, $"{where}, F");
        Equal(expected.S, actual.S, $"{where}, S");
        Equal([expected.LogLikelihood, expected.WeightSum], [actual.LogLikelihood, actual.WeightSum], $"{where}, log-likelihood and weight");
    }
}
