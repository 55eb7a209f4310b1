using Xunit;

namespace Gmm.Tests.Queries;

/// <summary>
/// The queries' threads take pooled lanes (a backend and buffers) that the previous query, of any model, left: a query
/// gives the same values bit for bit whatever ran before it, on any thread count, for float64 and float32 points.
/// </summary>
public sealed class QueryLaneTests
{
    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void QueriesAreUnchangedByTheQueriesBeforeThem(CovarianceType type)
    {
        var small = Model(type, k: 3, d: 4, seed: 1);
        var large = Model(type == CovarianceType.Full ? CovarianceType.Diagonal : CovarianceType.Full, k: 9, d: 7, seed: 2);
        var other = Model(type, k: 2, d: 4, seed: 3);
        var points = Points(9_001, 4, seed: 4);
        var singles = Array.ConvertAll(points, v => (float)v);

        var first = small.ScoreSamples<double>(points);
        var firstProbabilities = small.PredictProbabilities<float>(singles);
        for (int round = 0; round < 3; round++)
        {
            // A model with more components and features (longer buffers, another kernel), then one with fewer components.
            Assert.Equal(9_001, large.Predict<double>(Points(9_001, 7, seed: 5 + round)).Length);
            Assert.Equal(9_001, other.ScoreSamples<float>(singles).Length);
            Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), small.ScoreSamples<double>(points).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(firstProbabilities.Select(BitConverter.DoubleToInt64Bits), small.PredictProbabilities<float>(singles).Select(BitConverter.DoubleToInt64Bits));
        }
        // Queries from several threads at once, each with its own lanes.
        var concurrent = new double[4][];
        Parallel.For(0, concurrent.Length, i => concurrent[i] = (i % 2 == 0 ? small : other).ScoreSamples<double>(points));
        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), concurrent[2].Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(other.ScoreSamples<double>(points).Select(BitConverter.DoubleToInt64Bits), concurrent[1].Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void ALaneOfALargeModelIsNotKept()
    {
        // k·d·(d + 1) above the limit: the lane is dropped, so no later Rent (of any thread) can hand it out again.
        var lane = QueryLane.Rent(16, 16);
        QueryLane.Return(lane, componentCount: 64, dimension: 96);
        Assert.True(64L * 96 * 97 > QueryLane.KeptValuesLimit);
        var rented = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => QueryLane.Rent(16, 16)).ToList();
        Assert.DoesNotContain(lane, rented);
        foreach (var other in rented) QueryLane.Return(other, componentCount: 2, dimension: 2);
    }

    private static double[] Points(int n, int d, int seed)
    {
        var random = new Random(seed);
        var points = new double[n * d];
        for (int i = 0; i < points.Length; i++) points[i] = 6 * random.NextDouble() - 3;
        return points;
    }

    private static GaussianMixtureModel Model(CovarianceType type, int k, int d, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(1, k).Select(c => (double)c / (k * (k + 1) / 2)).ToArray();
        var means = Enumerable.Range(0, k * d).Select(_ => 4 * random.NextDouble() - 2).ToArray();
        double[] covariances = type switch
        {
            CovarianceType.Full => [.. Enumerable.Range(0, k).SelectMany(c => TridiagonalCovariance.Of(d, 1 + 0.25 * c))],
            CovarianceType.Tied => TridiagonalCovariance.Of(d, 1.5),
            CovarianceType.Diagonal => [.. Enumerable.Range(0, k * d).Select(i => 0.5 + i % 3)],
            _ => [.. Enumerable.Range(0, k).Select(c => 0.7 + 0.3 * c)],
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }
}
