namespace Gmm.Cluster;

/// <summary>What a node found in a shard it loaded: n points of d features, with or without weights.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardInfo([property: Id(0)] string Id, [property: Id(1)] long Count, [property: Id(2)] int Dimension, [property: Id(3)] bool HasWeights);
