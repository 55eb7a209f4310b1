namespace Gmm.Tests.Support;

public static class Near
{
    /// <summary>Asserts |a − e| ≤ rel·max(|e|, floor) element-wise, naming the first bad index.</summary>
    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, double floor = 1e-300, string what = "")
    {
        Xunit.Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            double tolerance = relative * Math.Max(Math.Abs(expected[i]), floor);
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                Xunit.Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|diff| {Math.Abs(expected[i] - actual[i]):G3} > {tolerance:G3})");
        }
    }

    public static void Equal(double expected, double actual, double relative, string what = "") =>
        Equal([expected], [actual], relative, 1e-300, what);
}
