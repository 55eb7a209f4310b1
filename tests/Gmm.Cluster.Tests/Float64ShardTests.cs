namespace Gmm.Cluster.Tests;

/// <summary>
/// A float32 shard seen as float64 (the float64 finish's view on a node and in the local reference): every value and
/// weight the exact cast, chunk by chunk with the shard's own starts, and readers that hold chunks at the same time —
/// the devices of a multi-GPU backend reading their slices at once — each keep their own values.
/// </summary>
public sealed class Float64ShardTests
{
    private static InMemoryDataSource<float> Shard(int rows, int dimension, bool weighted)
    {
        var random = new Random(17);
        var values = new float[rows * dimension];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2e4 - 1e4);
        var weights = weighted ? Enumerable.Range(0, rows).Select(i => 0.25f + i % 7).ToArray() : null;
        return new InMemoryDataSource<float>(values, dimension, weights);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryChunkIsTheExactCastOfTheShards(bool weighted)
    {
        var shard = Shard(1_000, 3, weighted);
        var view = new Float64Shard<float>(shard);
        Assert.Equal(shard.Count, view.Count);
        Assert.Equal(shard.HasWeights, view.HasWeights);
        var expected = shard.GetChunks(300).Select(c => (c.Start, Values: c.Values.ToArray(), Weights: c.Weights.ToArray())).ToArray();
        int index = 0;
        foreach (var chunk in view.GetChunks(300))
        {
            var (start, values, weights) = expected[index++];
            Assert.Equal(start, chunk.Start);
            Assert.Equal(values.Select(v => (double)v), chunk.Values.ToArray());
            Assert.Equal(weights.Select(v => (double)v), chunk.Weights.ToArray());
        }
        Assert.Equal(expected.Length, index);
    }

    [Fact]
    public void ReadersHoldingChunksAtOnceDoNotOverwriteEachOther()
    {
        var shard = Shard(1_000, 4, weighted: true);
        var view = new Float64Shard<float>(shard);
        using var first = view.GetChunks(250).GetEnumerator();
        Assert.True(first.MoveNext());
        var held = first.Current;
        var before = held.Values.ToArray();
        var weightsBefore = held.Weights.ToArray();
        // A second reader goes through every chunk (its last differs from the first reader's) while the first still uses its chunk.
        var last = view.GetChunks(250).Last();
        Assert.NotEqual(held.Start, last.Start);
        Assert.Equal(before, held.Values.ToArray());
        Assert.Equal(weightsBefore, held.Weights.ToArray());
        Assert.Equal(shard.GetChunks(250).First().Values.ToArray().Select(v => (double)v), held.Values.ToArray());
    }
}
