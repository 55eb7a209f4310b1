using System.Numerics;
using Gmm;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// The priors' data moments of float32 points (<see cref="DataMoments"/>' own widening) are those of the same points in
/// float64, bit for bit, whatever the chunks: the variational fit of a float32 file, and the kernel warm-up's synthetic
/// float32 points, take that path instead of a converting source.
/// </summary>
public class DataMomentsTests
{
    /// <summary>Points whose chunks have the given sizes in turn (the last one repeated), to cross chunk boundaries unevenly.</summary>
    private sealed class ChunkedSource<T>(T[] values, T[]? weights, int dimension, params int[] sizes) : IDataSource<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Dimension => dimension;

        public long Count => values.Length / dimension;

        public bool HasWeights => weights is not null;

        public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
        {
            int start = 0;
            for (int turn = 0; start < Count; turn++)
            {
                int rows = (int)Math.Min(Math.Min(sizes[Math.Min(turn, sizes.Length - 1)], maxRows), Count - start);
                yield return new DataChunk<T>(start, dimension, values.AsMemory(start * dimension, rows * dimension),
                    weights is null ? default : weights.AsMemory(start, rows));
                start += rows;
            }
        }
    }

    private static (float[] Values, float[] Weights) Points(int n, int d)
    {
        var random = new Random(7);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(100 + 3 * random.NextDouble() - (i % d) * 7.5);
        var weights = new float[n];
        for (int i = 0; i < n; i++) weights[i] = (float)(0.25 + random.NextDouble());
        return (values, weights);
    }

    [Theory]
    [InlineData(CovarianceType.Full, false)]
    [InlineData(CovarianceType.Tied, true)]
    [InlineData(CovarianceType.Diagonal, false)]
    [InlineData(CovarianceType.Diagonal, true)]
    [InlineData(CovarianceType.Spherical, true)]
    public void Float32Points_GiveTheMomentsOfTheSamePointsInFloat64(CovarianceType type, bool weighted)
    {
        const int n = 1001, d = 5;
        var (values, weights) = Points(n, d);
        var narrow = new ChunkedSource<float>(values, weighted ? weights : null, d, 7, 300, 2, 450);
        var wide = new ChunkedSource<double>(values.Select(v => (double)v).ToArray(), weighted ? weights.Select(w => (double)w).ToArray() : null, d, 1000);

        var mean = DataMoments.WeightedMean(narrow);
        Assert.Equal(DataMoments.WeightedMean(wide), mean);
        var scatter = DataMoments.Scatter(narrow, type, mean);
        var expected = DataMoments.Scatter(wide, type, mean);
        Assert.Equal(expected.ZerothOrder, scatter.ZerothOrder);
        Assert.Equal(expected.FirstOrder, scatter.FirstOrder);
        Assert.Equal(expected.SecondOrder, scatter.SecondOrder);
        Assert.Equal(expected.WeightSum, scatter.WeightSum);
        Assert.Equal(n, scatter.PointCount);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Spherical)]
    public void PriorsOfFloat32Points_AreThoseOfTheSamePointsInFloat64(CovarianceType type)
    {
        const int n = 513, d = 4, k = 3;
        var (values, weights) = Points(n, d);
        var narrow = new ChunkedSource<float>(values, weights, d, 100);
        var wide = new ChunkedSource<double>(values.Select(v => (double)v).ToArray(), weights.Select(w => (double)w).ToArray(), d, 64);

        var fromNarrow = BayesianPriors.Resolve(narrow, k, type, null, null, null, null, null);
        var fromWide = BayesianPriors.Resolve(wide, k, type, null, null, null, null, null);
        Assert.Equal(fromWide.Mean, fromNarrow.Mean);
        Assert.Equal(fromWide.Covariance, fromNarrow.Covariance);
        // Not the data's own mean by accident: the points sit far from the origin and differ per feature.
        Assert.True(fromNarrow.Mean[0] - fromNarrow.Mean[1] > 7);
    }
}
