namespace Gmm.Cluster.Tests;

/// <summary>The tests that share one in-process cluster (one per collection keeps CI inside its budget).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
