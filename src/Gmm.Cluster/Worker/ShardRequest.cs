namespace Gmm.Cluster;

/// <summary>A shard a node is asked to load: its id, its path as seen on the node, its weights' path (or null) and the manifest's "dims" (or null).</summary>
[GenerateSerializer, Immutable]
public sealed record ShardRequest([property: Id(0)] string Id, [property: Id(1)] string Path, [property: Id(2)] string? WeightsPath, [property: Id(3)] int? Dimension = null);
