using Gmm;
using Xunit;

namespace Gmm.Tests.Support;

/// <summary>Compares two sets of statistics array by array, relative to each array's largest magnitude.</summary>
internal static class StatisticsAssert
{
    public static void Close(SufficientStatistics expected, SufficientStatistics actual, double tolerance)
    {
        Assert.Equal(expected.PointCount, actual.PointCount);
        Arrays("N", expected.ZerothOrder, actual.ZerothOrder, tolerance);
        Arrays("F", expected.FirstOrder, actual.FirstOrder, tolerance);
        Arrays("S", expected.SecondOrder, actual.SecondOrder, tolerance);
        Scalar("LogLikelihood", expected.LogLikelihood, actual.LogLikelihood, tolerance);
        Scalar("WeightSum", expected.WeightSum, actual.WeightSum, tolerance);
    }

    private static void Arrays(string name, double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(Math.Abs), 1e-300);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]) / scale;
            Assert.True(error <= tolerance, $"{name}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (relative to max |{name}| {scale:G4}: {error:G3} > {tolerance:G3})");
        }
    }

    private static void Scalar(string name, double expected, double actual, double tolerance)
    {
        double error = Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(error <= tolerance, $"{name}: expected {expected:R}, got {actual:R} (relative error {error:G3} > {tolerance:G3})");
    }
}
