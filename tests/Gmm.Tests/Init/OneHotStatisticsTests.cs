using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>The k-means initialisation's one-hot statistics against the general responsibilities path.</summary>
public class OneHotStatisticsTests
{
    [Theory]
    [MemberData(nameof(Cases))]
    public void EqualsTheResponsibilitiesPath(CovarianceType type, bool weighted, int chunk, int n, int k)
    {
        const int d = 5;
        var values = TestData.Blobs(n, d, 4, seed: 2, offset: 30);
        double[]? weights = null;
        if (weighted)
        {
            var random = new Random(4);
            weights = new double[n];
            for (int i = 0; i < n; i++) weights[i] = i % 5 == 1 ? 0 : 3 * random.NextDouble();
        }
        var source = new SmallChunkSource<float>(new InMemoryDataSource<float>(TestData.ToFloat(values), d,
            weights is null ? default : TestData.ToFloat(weights)), chunk);
        var center = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) center[j] += (double)(float)values[i * d + j] / n;
        var centers = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) centers[c * d + j] = values[(c * 311) * d + j];
        var nearest = new NearestCenter(centers, k, d, center);

        var fast = OneHotStatistics.Accumulate(source, nearest, k, type, center);
        var reference = ResponsibilityStatistics.Accumulate(source, k, type, center, (_, x, resp) => resp[Nearest(x, centers, k)] = 1);

        Assert.Equal(reference.PointCount, fast.PointCount);
        AssertClose(reference.WeightSum, fast.WeightSum);
        AssertAllClose(reference.ZerothOrder, fast.ZerothOrder);
        AssertAllClose(reference.FirstOrder, fast.FirstOrder);
        AssertAllClose(reference.SecondOrder, fast.SecondOrder);
        Assert.Equal(reference.Reference, fast.Reference);
    }

    [Fact]
    public void IsRepeatable()
    {
        const int d = 3, k = 4;
        var values = TestData.ToFloat(TestData.Blobs(5000, d, 3));
        var source = new InMemoryDataSource<float>(values, d);
        var center = new double[d];
        var centers = new double[k * d];
        for (int i = 0; i < centers.Length; i++) centers[i] = values[i * 101];
        var nearest = new NearestCenter(centers, k, d, center);
        var first = OneHotStatistics.Accumulate(source, nearest, k, CovarianceType.Full, center);
        var second = OneHotStatistics.Accumulate(source, nearest, k, CovarianceType.Full, center);
        Assert.Equal(first.SecondOrder, second.SecondOrder);
        Assert.Equal(first.FirstOrder, second.FirstOrder);
    }

    public static TheoryData<CovarianceType, bool, int, int, int> Cases()
    {
        var data = new TheoryData<CovarianceType, bool, int, int, int>();
        foreach (var type in TestData.AllTypes)
        {
            data.Add(type, false, 1 << 16, 2600, 7);
            data.Add(type, true, 700, 2600, 7);
            data.Add(type, true, 1 << 16, 3 * OneHotStatistics.RangeRows, 2); // components summed in several ranges
        }
        return data;
    }

    /// <summary>Brute-force nearest centre in float64.</summary>
    private static int Nearest(ReadOnlySpan<double> x, double[] centers, int k)
    {
        int d = x.Length, best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            double distance = 0;
            for (int j = 0; j < d; j++) distance += (x[j] - centers[c * d + j]) * (x[j] - centers[c * d + j]);
            if (distance < bestDistance) { bestDistance = distance; best = c; }
        }
        return best;
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * (1 + Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static void AssertAllClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1 + expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * scale, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
