namespace Gmm.Cluster;

/// <summary>A shard's statistics: the first part of their bytes and how many parts there are (the rest are read one by one).</summary>
[GenerateSerializer, Immutable]
public sealed record StatisticsReply([property: Id(0)] int Parts, [property: Id(1)] byte[] First);
