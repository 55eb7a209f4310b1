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

    /// <summary>
    /// Bit for bit the serial rule the statistics are defined by: per chunk, each component's points added in index
    /// order, straight into its slots when it has at most RangeRows points in the chunk, else per range of RangeRows of
    /// its points into partial sums added in range order (however the parallel passes share the work).
    /// </summary>
    [Theory]
    [MemberData(nameof(ExactCases))]
    public void EqualsTheSerialPerComponentSumsBitForBit(CovarianceType type, bool weighted, int chunk, int n, int k, int d)
    {
        var values = TestData.ToFloat(TestData.Blobs(n, d, 5, seed: 3, offset: 50));
        float[]? weights = null;
        if (weighted)
        {
            var random = new Random(8);
            weights = new float[n];
            for (int i = 0; i < n; i++) weights[i] = i % 7 == 3 ? 0 : (float)(2 * random.NextDouble());
        }
        var source = new SmallChunkSource<float>(new InMemoryDataSource<float>(values, d, weights ?? default), chunk);
        var center = new double[d];
        for (int j = 0; j < d; j++) center[j] = values[j] + 0.25;
        var centers = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) centers[c * d + j] = values[(c * 977 % n) * d + j];
        var nearest = new NearestCenter(centers, k, d, center);

        var fast = OneHotStatistics.Accumulate(source, nearest, k, type, center);
        var reference = SerialPerComponent(source, nearest, k, type, center);

        Assert.Equal(reference.PointCount, fast.PointCount);
        Assert.Equal(reference.ZerothOrder, fast.ZerothOrder);
        Assert.Equal(reference.FirstOrder, fast.FirstOrder);
        if (type != CovarianceType.Tied) Assert.Equal(reference.SecondOrder, fast.SecondOrder); // tied's shared matrix has its own slices
    }

    public static TheoryData<CovarianceType, bool, int, int, int, int> ExactCases()
    {
        var data = new TheoryData<CovarianceType, bool, int, int, int, int>();
        foreach (var type in TestData.AllTypes)
        {
            data.Add(type, false, 1 << 16, 3 * OneHotStatistics.RangeRows + 77, 2, 6); // large components: several ranges each
            data.Add(type, true, 1 << 16, 5 * OneHotStatistics.RangeRows, 3, 19); // weighted, components of several ranges in a chunk of 2¹⁶ rows
            data.Add(type, true, 5000, 3 * OneHotStatistics.RangeRows, 9, 8); // several chunks of 5,000 rows, each component within one range
            data.Add(type, false, 1 << 16, 40, 64, 6); // fewer points than components: empty components
        }
        return data;
    }

    /// <summary>The statistics by the serial rule, from the labels of the same <paramref name="nearest"/>.</summary>
    private static SufficientStatistics SerialPerComponent(IDataSource<float> source, NearestCenter nearest, int k, CovarianceType type, double[] center)
    {
        int d = source.Dimension;
        var definition = CovarianceDefinition.For(type);
        var stats = SufficientStatistics.AboutPoint(k, type, center);
        int second = definition.ComponentSecondOrderLength(d);
        var diff = new double[d];
        foreach (var chunk in source.GetChunks(1 << 16))
        {
            int n = chunk.Count;
            var labels = new int[n];
            var panels = new float[PointPanels.BlockPoints * d];
            for (int start = 0; start < n; start += PointPanels.BlockPoints)
            {
                int rows = Math.Min(PointPanels.BlockPoints, n - start);
                PointPanels.Fill(chunk.Values.Span.Slice(start * d, rows * d), d, nearest.OriginArray, panels);
                nearest.Assign(panels, labels.AsSpan(start, rows));
            }
            stats.PointCount += n;
            for (int c = 0; c < k; c++)
            {
                var members = Enumerable.Range(0, n).Where(i => labels[i] == c).ToArray();
                bool ranges = members.Length > OneHotStatistics.RangeRows;
                for (int first = 0; first < Math.Max(1, members.Length); first += OneHotStatistics.RangeRows)
                {
                    double zeroth = 0;
                    var sums = new double[d + second];
                    for (int q = first; q < Math.Min(members.Length, first + OneHotStatistics.RangeRows); q++)
                    {
                        int i = members[q];
                        double w = chunk.Weights.IsEmpty ? 1 : chunk.Weights.Span[i];
                        if (w == 0) continue;
                        for (int j = 0; j < d; j++) diff[j] = (double)chunk.Values.Span[i * d + j] - center[j];
                        if (ranges)
                        {
                            zeroth += w;
                            definition.AddAssignedPoint(sums.AsSpan(0, d), sums.AsSpan(d, second), diff, w);
                        }
                        else
                        {
                            stats.ZerothOrder[c] += w;
                            definition.AddAssignedPoint(stats.FirstOrder.AsSpan(c * d, d), stats.SecondOrder.AsSpan(c * second, second), diff, w);
                        }
                    }
                    if (!ranges) continue;
                    stats.ZerothOrder[c] += zeroth;
                    for (int j = 0; j < d; j++) stats.FirstOrder[c * d + j] += sums[j];
                    for (int j = 0; j < second; j++) stats.SecondOrder[c * second + j] += sums[d + j];
                }
            }
        }
        definition.MirrorUpper(stats);
        return stats;
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
