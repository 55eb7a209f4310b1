using System.Numerics;

namespace Gmm.Cluster;

/// <summary>Backends whose E-step runs on the nodes holding the data of a <see cref="ClusterData{T}"/>.</summary>
internal sealed class ClusterBackendProvider : IEmBackendProvider
{
    public string Name => "cluster";

    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ClusterBackend<T>();
}
