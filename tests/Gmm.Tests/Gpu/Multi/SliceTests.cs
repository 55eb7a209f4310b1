using Gmm.Gpu.Multi;
using Xunit;

namespace Gmm.Tests.Gpu.Multi;

/// <summary>How rows are cut into the devices' slices (<see cref="SliceBounds"/>) and read back (<see cref="RowRangeDataSource{T}"/>).</summary>
public class SliceTests
{
    [Theory]
    [InlineData(10, new[] { 1.0, 1.0 }, new long[] { 0, 5, 10 })]
    [InlineData(10, new[] { 1.0, 1.0, 1.0 }, new long[] { 0, 3, 7, 10 })]
    [InlineData(10, new[] { 0.0, 1.0 }, new long[] { 0, 0, 10 })]
    [InlineData(10, new[] { 1.0, 0.0 }, new long[] { 0, 10, 10 })]
    [InlineData(2, new[] { 1.0, 1.0, 1.0 }, new long[] { 0, 1, 1, 2 })]
    [InlineData(0, new[] { 1.0, 3.0 }, new long[] { 0, 0, 0 })]
    [InlineData(1000, new[] { 3.0, 1.0 }, new long[] { 0, 750, 1000 })]
    public void SlicesFollowTheWeightsAndCoverEveryRow(long n, double[] weights, long[] bounds) =>
        Assert.Equal(bounds, SliceBounds.For(n, weights));

    [Theory]
    [InlineData(new[] { 1.0, double.NaN }, "slice weight 1 is NaN")]
    [InlineData(new[] { double.PositiveInfinity }, "slice weight 0 is Infinity")]
    [InlineData(new double[0], "got none")]
    public void BadWeightsAreRefused(double[] weights, string why) =>
        Assert.Contains(why, Assert.Throws<ArgumentException>("weights", () => SliceBounds.For(5, weights)).Message, StringComparison.Ordinal);

    [Fact]
    public void ARowRangeCutsTheSourcesChunksAndStartsAtZero()
    {
        // 10 points of d = 2 (value = 10·row + feature) with weights = row; rows [3, 8) read in chunks of 4.
        var values = Enumerable.Range(0, 20).Select(i => (float)(10 * (i / 2) + i % 2)).ToArray();
        var weights = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var slice = new RowRangeDataSource<float>(new InMemoryDataSource<float>(values, 2, weights), 3, 5);
        Assert.Equal(5, slice.Count);
        Assert.True(slice.HasWeights);
        var chunks = slice.GetChunks(4).ToList();
        Assert.Equal([0L, 1L], chunks.Select(c => c.Start));
        Assert.Equal([1, 4], chunks.Select(c => c.Count));
        Assert.Equal([30f, 31f, 40f, 41f, 50f, 51f, 60f, 61f, 70f, 71f], chunks.SelectMany(c => c.Values.ToArray()));
        Assert.Equal([3f, 4f, 5f, 6f, 7f], chunks.SelectMany(c => c.Weights.ToArray()));
        Assert.Empty(new RowRangeDataSource<float>(new InMemoryDataSource<float>(values, 2), 10, 0).GetChunks(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowRangeDataSource<float>(new InMemoryDataSource<float>(values, 2), 8, 3));
    }
}
