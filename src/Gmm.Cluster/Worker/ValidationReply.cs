namespace Gmm.Cluster;

/// <summary>A shard's validation where it is: Σ w, or the local fit's error (message without the parameter suffix, and the parameter it names).</summary>
[GenerateSerializer, Immutable]
public sealed record ValidationReply([property: Id(0)] double WeightTotal, [property: Id(1)] string? Error, [property: Id(2)] string? Parameter);
