using Orleans.Runtime.Placement;

namespace Gmm.Cluster;

/// <summary>
/// Places a node's worker on the active silo named by the grain's key. No such silo: the call fails (the runtime does
/// not move a node's worker to another machine, whose disks do not hold the node's shards).
/// </summary>
internal sealed class NodePlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string node = target.GrainIdentity.Key.ToString()!;
        var compatible = context.GetCompatibleSilos(target);
        foreach (var member in membership.CurrentSnapshot.Members.Values)
            if (member.Status == SiloStatus.Active && member.Name == node && compatible.Contains(member.SiloAddress))
                return Task.FromResult(member.SiloAddress);
        throw new SiloUnavailableException($"No active silo is named \"{node}\": the node's worker cannot run elsewhere.");
    }
}
