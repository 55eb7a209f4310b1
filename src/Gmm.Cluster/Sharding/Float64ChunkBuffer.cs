namespace Gmm.Cluster;

/// <summary>
/// The float64 values and weights of one chunk at a time (<see cref="Float64Shard{T}"/>), grown to the largest chunk
/// asked for and reused from chunk to chunk, shard to shard and pass to pass. One reader at a time: a node's float64
/// E-steps hold <see cref="Gate"/>.
/// </summary>
internal sealed class Float64ChunkBuffer
{
    private double[] _values = [];
    private double[] _weights = [];

    /// <summary>Held by whoever reads chunks through the buffer when several might (the E-steps of one node).</summary>
    public Lock Gate { get; } = new();

    /// <summary>The first <paramref name="length"/> values, reallocated (uninitialised) when the buffer is shorter.</summary>
    public Memory<double> Values(int length)
    {
        if (_values.Length < length) _values = GC.AllocateUninitializedArray<double>(length);
        return _values.AsMemory(0, length);
    }

    /// <summary>The first <paramref name="length"/> weights, reallocated (uninitialised) when the buffer is shorter.</summary>
    public Memory<double> Weights(int length)
    {
        if (_weights.Length < length) _weights = GC.AllocateUninitializedArray<double>(length);
        return _weights.AsMemory(0, length);
    }
}
