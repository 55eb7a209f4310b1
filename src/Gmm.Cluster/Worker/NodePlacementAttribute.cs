using Orleans.Placement;

namespace Gmm.Cluster;

/// <summary>Marks a grain class as placed by <see cref="NodePlacement"/>: on the silo named by its key.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public NodePlacementAttribute() : base(NodePlacement.Instance) { }
}
