namespace Gmm.Cluster;

/// <summary>A node's silo left the cluster's membership while the driver waited for one of its calls (the call is abandoned; a late reply is ignored).</summary>
internal sealed class NodeLeftException(string node, string reason) : Exception($"node {node} {reason}")
{
    /// <summary>Why the node is out, as the fit reports it.</summary>
    public string Reason { get; } = reason;
}
