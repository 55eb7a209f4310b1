// Grids of the statistics passes: one wave of groups along the points, and along y one group per component (or per
// component tile and 64-feature group), split into launches whose y extent the accelerator accepts.
using Gmm.Gpu.Covariance;
using ILGPU;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Grids of the statistics passes, as pure functions of the sizes (so tests can check them for any k).</summary>
internal static class LaunchPlan
{
    /// <summary>The largest grid extent along y of CUDA; ILGPU checks grids against it on every accelerator (its CPU accelerator too).</summary>
    public const int MaxGroupsY = 65535;

    /// <summary>
    /// Groups along y of a chunk's statistics pass: one per component for full covariance (any d); one per tile of 64
    /// components and group of 64 features for diagonal, spherical and tied's component pass (tied's scatter has one).
    /// </summary>
    /// <param name="type">The covariance type.</param>
    /// <param name="k">Components.</param>
    /// <param name="d">Features.</param>
    public static int StatisticsGroups(CovarianceType type, int k, int d) => DeviceCovariance.For(type).StatisticsGroups(k, d);

    /// <summary>Groups along y of the diagonal family's statistics pass: tiles of 64 components × groups of 64 features.</summary>
    /// <param name="k">Components.</param>
    /// <param name="d">Features.</param>
    public static int ComponentTileGroups(int k, int d) => Tiles(k, TileComponents) * Tiles(d, FeatureGroup);

    /// <summary>Groups along the point axis so that the whole grid is at most one wave of <paramref name="resident"/> groups.</summary>
    /// <param name="tiles">Point tiles of the chunk (at least 1).</param>
    /// <param name="groupsY">Groups along y over all of the pass's launches.</param>
    /// <param name="resident">Groups of the kernel resident on the whole device at once.</param>
    public static int Slices(int tiles, int groupsY, int resident) => Math.Clamp(resident / groupsY, 1, tiles);

    /// <summary>
    /// The launches of one statistics pass over <paramref name="tiles"/> point tiles and <paramref name="groupsY"/>
    /// groups along y: grids of (<see cref="Slices"/>, at most <paramref name="maxGroupsY"/>, 1), each with the index of
    /// its first y group (the kernel adds it to Grid.IdxY); in order, they cover groups 0 … groupsY − 1 once.
    /// </summary>
    /// <param name="tiles">Point tiles of the chunk (at least 1).</param>
    /// <param name="groupsY">Groups along y: components (full), or component tiles × 64-feature groups (diagonal family).</param>
    /// <param name="resident">Groups of the kernel resident on the whole device at once.</param>
    /// <param name="maxGroupsY">The largest y extent of one launch.</param>
    public static IEnumerable<(Index3D Grid, int FirstGroup)> Statistics(int tiles, int groupsY, int resident, int maxGroupsY = MaxGroupsY)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tiles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupsY);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxGroupsY);
        return Batches(Slices(tiles, groupsY, resident), groupsY, maxGroupsY);
    }

    private static IEnumerable<(Index3D Grid, int FirstGroup)> Batches(int slices, int groupsY, int maxGroupsY)
    {
        for (long first = 0; first < groupsY; first += maxGroupsY)
            yield return (new Index3D(slices, (int)Math.Min(maxGroupsY, groupsY - first), 1), (int)first);
    }
}
