namespace Gmm.Cluster;

/// <summary>
/// What a node found in a shard it was asked to load: n points of d features, with or without weights; or, when it
/// could not read the shard, why (then <see cref="Count"/> and <see cref="Dimension"/> are 0).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardInfo([property: Id(0)] string Id, [property: Id(1)] long Count, [property: Id(2)] int Dimension, [property: Id(3)] bool HasWeights,
    [property: Id(4)] string? Error = null);
