using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// A diag kernel loaded for the statistics orders its components along the means' principal axis; loaded for
/// log-probabilities only (the model's queries) it keeps them in order and copies its tiles out row by row. Each
/// component's arithmetic is the same in any lane, so both give the same log-probabilities bit for bit, in float64 and
/// float32 kernels, for component counts with and without a partly filled last register and a point count that is not a
/// whole tile.
/// </summary>
public sealed class QueryComponentOrderTests
{
    [Theory]
    [InlineData(64, 39, true)]
    [InlineData(20, 7, true)]
    [InlineData(13, 5, true)]
    [InlineData(64, 39, false)]
    [InlineData(13, 5, false)]
    public void LogProbabilitiesInOrderAreThoseOfThePrincipalAxisOrder(int k, int d, bool doubles)
    {
        const int n = 333;
        var random = new Random(k * 100 + d);
        // Components placed along the diagonal in a shuffled order, so the principal-axis order is not theirs.
        var place = Enumerable.Range(0, k).OrderBy(_ => random.Next()).ToArray();
        var means = new double[k * d];
        var covariances = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                means[c * d + j] = 3.0 * place[c] + 0.1 * j;
                covariances[c * d + j] = 0.5 + 0.25 * ((c + j) % 4);
            }
        var model = new GaussianMixtureModel(CovarianceType.Diagonal, [.. Enumerable.Repeat(1.0 / k, k)], means, covariances);
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int near = random.Next(k); // each point beside one component
            for (int j = 0; j < d; j++) values[i * d + j] = means[near * d + j] + random.NextDouble() - 0.5;
        }
        var (ordered, inOrder) = doubles ? BothOrders(model, values) : BothOrders(model, [.. values.Select(v => (float)v)]);
        Assert.Equal(ordered.Select(BitConverter.DoubleToInt64Bits), inOrder.Select(BitConverter.DoubleToInt64Bits));
        Assert.Contains(ordered, v => v > -50); // the points are near components: log-probabilities of every size
    }

    private static (double[] Ordered, double[] InOrder) BothOrders<T>(GaussianMixtureModel model, T[] values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int k = model.ComponentCount, d = model.Dimension, n = values.Length / d;
        var kernel = CpuKernelFactory.Create<T>(model.Definition, k, d, SimdWidth.Preferred);
        var lane = kernel.CreateLane(CpuEmBackend<T>.TileRows);
        var statistics = SufficientStatistics.For<T>(model);
        var ordered = new double[n * k];
        var inOrder = new double[n * k];
        kernel.Load(model, statistics);
        kernel.LogProbabilities(values, ordered, lane);
        kernel.Load(model, statistics, forStatistics: false);
        kernel.LogProbabilities(values, inOrder, lane);
        return (ordered, inOrder);
    }
}
