using System.Numerics;
using System.Numerics.Tensors;

namespace Gmm.Cluster;

/// <summary>
/// A shard's points as float64, each value the exact cast of the shard's own, converted chunk by chunk into one
/// <see cref="Float64ChunkBuffer"/>: the float64 finish of a float32 variational fit runs a float64 backend over the
/// points a node (or the local reference) holds in float32 without a float64 copy of them — one chunk in float64 at a
/// time. A chunk is valid until the next one is read; the backends use each chunk (or copy it to their device) before
/// they ask for the next. The chunks are the shard's own (same starts and sizes), so a backend sums the same points in
/// the same order as over a float64 copy.
/// </summary>
/// <typeparam name="T">The shard's element type (float).</typeparam>
/// <param name="shard">The points as held.</param>
/// <param name="buffer">Where each chunk's float64 values go (shared by the shards of a node).</param>
internal sealed class Float64Shard<T>(IDataSource<T> shard, Float64ChunkBuffer buffer) : IDataSource<double> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => shard.Dimension;

    public long Count => shard.Count;

    public bool HasWeights => shard.HasWeights;

    public IEnumerable<DataChunk<double>> GetChunks(int maxRows)
    {
        foreach (var chunk in shard.GetChunks(maxRows))
        {
            var values = buffer.Values(chunk.Values.Length);
            TensorPrimitives.ConvertTruncating(chunk.Values.Span, values.Span);
            var weights = Memory<double>.Empty;
            if (!chunk.Weights.IsEmpty)
            {
                weights = buffer.Weights(chunk.Weights.Length);
                TensorPrimitives.ConvertTruncating(chunk.Weights.Span, weights.Span);
            }
            yield return new DataChunk<double>(chunk.Start, chunk.Dimension, values, weights);
        }
    }
}
