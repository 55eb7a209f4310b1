using System.Numerics;

namespace Gmm.Cluster;

/// <summary>
/// The points of a float32 <see cref="ClusterData{T}"/> as float64, staying on the nodes: the float64 finish of a float32
/// variational fit (<see cref="IResidentFloat64View"/>). Its E-steps run on the nodes' float64 backends over their
/// float32 points converted chunk by chunk (<see cref="INodeWorker.AccumulateInFloat64"/>); the driver adds the shards'
/// statistics in shard order, re-runs shards of nodes that leave or hang, and counts the rounds in
/// <see cref="ClusterTraffic.Float64Rounds"/>, as for the float32 data.
/// </summary>
/// <typeparam name="T">The compute type the data was opened in (float).</typeparam>
internal sealed class ClusterFloat64Data<T>(ClusterData<T> points) : IDataSource<double>, IClusterSource where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => points.Dimension;

    public long Count => points.Count;

    public bool HasWeights => points.HasWeights;

    public string Description => points.Description;

    public Task<byte[][]> AccumulateAsync(GaussianMixtureModel model) => points.AccumulateAsync(model, inFloat64: true);

    /// <summary>The points read from the nodes (as <see cref="ClusterData{T}.GetChunks"/>), each value cast to float64.</summary>
    public IEnumerable<DataChunk<double>> GetChunks(int maxRows) => new ConvertingDataSource<T, double>(points).GetChunks(maxRows);
}
