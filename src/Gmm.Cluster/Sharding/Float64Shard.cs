using System.Numerics;
using System.Numerics.Tensors;

namespace Gmm.Cluster;

/// <summary>
/// A shard's points as float64, each value the exact cast of the shard's own, converted chunk by chunk: the float64
/// finish of a float32 variational fit runs a float64 backend over the points a node (or the local reference) holds in
/// float32 without a float64 copy of them. Each reading of the chunks (<see cref="GetChunks"/>) converts into its own
/// arrays, grown to the largest chunk and reused from chunk to chunk, so a chunk is valid until that reader asks for
/// the next one (the backends use each chunk, or copy it to their device, before they do) and readers on several
/// threads — the devices of a multi-GPU backend reading their slices at once — never share them. The chunks are the
/// shard's own (same starts and sizes), so a backend sums the same points in the same order as over a float64 copy.
/// </summary>
/// <typeparam name="T">The shard's element type (float).</typeparam>
/// <param name="shard">The points as held.</param>
internal sealed class Float64Shard<T>(IDataSource<T> shard) : IDataSource<double> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => shard.Dimension;

    public long Count => shard.Count;

    public bool HasWeights => shard.HasWeights;

    public IEnumerable<DataChunk<double>> GetChunks(int maxRows)
    {
        double[] values = [], weights = [];
        foreach (var chunk in shard.GetChunks(maxRows))
        {
            if (values.Length < chunk.Values.Length) values = GC.AllocateUninitializedArray<double>(chunk.Values.Length);
            var valuesOfChunk = values.AsMemory(0, chunk.Values.Length);
            TensorPrimitives.ConvertTruncating(chunk.Values.Span, valuesOfChunk.Span);
            var weightsOfChunk = Memory<double>.Empty;
            if (!chunk.Weights.IsEmpty)
            {
                if (weights.Length < chunk.Weights.Length) weights = GC.AllocateUninitializedArray<double>(chunk.Weights.Length);
                weightsOfChunk = weights.AsMemory(0, chunk.Weights.Length);
                TensorPrimitives.ConvertTruncating(chunk.Weights.Span, weightsOfChunk.Span);
            }
            yield return new DataChunk<double>(chunk.Start, chunk.Dimension, valuesOfChunk, weightsOfChunk);
        }
    }
}
