namespace Gmm.Cluster;

/// <summary>The placement of a node's worker: on the active silo whose name is the grain's key, and nowhere else.</summary>
[GenerateSerializer, Immutable]
public sealed class NodePlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static NodePlacement Instance { get; } = new();
}
