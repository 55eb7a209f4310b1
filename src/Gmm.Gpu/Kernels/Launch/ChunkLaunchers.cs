// The named launchers of the per-chunk passes: each binds a kernel family's views to DeviceParameters and DeviceChunk,
// picks the variant for the chunk's modes (weights, fused log-sum-exp; d ≤ 64 tile or 64-feature blocks) and plans its
// grid: one wave of the variant's resident groups along the points, and for statistics passes the components (or
// component tiles × feature groups) along y, in launches the device's y extent accepts.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>The passes a chunk can go through, one <see cref="ChunkLauncher{T}"/> each.</summary>
internal sealed class ChunkLaunchers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly Index3D Group = new(GroupSize, 1, 1);
    private const int MaskedGroupsPerMultiprocessor = 4; // a grid-stride kernel: enough groups to fill a device, no occupancy data behind it

    public ChunkLaunchers(KernelSet<T> kernels)
    {
        DiagonalLogSumExp = (stream, p, chunk, limits) =>
        {
            Check(p, chunk, nameof(DiagonalLogSumExp), separateLse: true, CovarianceType.Diagonal, CovarianceType.Spherical);
            var args = DiagonalArguments(p, chunk);
            var kernel = kernels.DiagonalLogSumExp.For(Weights(chunk));
            kernel.Launch(stream, OneWave(args.PointTiles, limits, kernel.GroupsPerMultiprocessor), args, chunk.Values.View,
                chunk.Weights.View, p.Means.View, p.Precisions.View, p.Constants.View, p.Center.View, chunk.Lse.View, p.Scalars);
        };
        DiagonalStatistics = (stream, p, chunk, limits) =>
        {
            Check(p, chunk, nameof(DiagonalStatistics), separateLse: false, CovarianceType.Diagonal, CovarianceType.Spherical);
            var args = DiagonalArguments(p, chunk);
            var kernel = kernels.DiagonalStatistics.For(Weights(chunk), Lse(p));
            foreach (var (config, first) in Statistics(args.PointTiles, LaunchPlan.ComponentTileGroups(p.K, p.D), limits, kernel.GroupsPerMultiprocessor))
                kernel.Launch(stream, config, args with { FirstGroup = first }, chunk.Values.View, chunk.Weights.View, p.Means.View,
                    p.Precisions.View, p.Constants.View, p.Center.View, chunk.Lse.View, p.N.View, p.F.View, p.S.View);
        };
        MaskedDiagonalStatistics = (stream, p, chunk, limits) =>
        {
            Check(p, chunk, nameof(MaskedDiagonalStatistics), separateLse: false, CovarianceType.Diagonal, CovarianceType.Spherical);
            var args = DiagonalArguments(p, chunk);
            var kernel = kernels.MaskedDiagonalStatistics.For(Weights(chunk));
            var grid = new KernelConfig(new Index3D(Math.Min(Tiles(chunk.Count, GroupSize), limits.Multiprocessors * MaskedGroupsPerMultiprocessor), 1, 1), Group);
            kernel.Launch(stream, grid, args, chunk.Values.View, chunk.Weights.View, p.Means.View, p.Precisions.View,
                p.Constants.View, p.Center.View, chunk.Lse.View, p.N.View, p.F.View, p.S.View, p.MissingMass.View);
        };
        TiedProjection = (stream, p, chunk, limits) =>
        {
            CheckProjected(p, chunk, nameof(TiedProjection), separateLse: false);
            var args = FullArguments(p, chunk);
            var kernel = (Blocked(p.D) ? kernels.BlockedProjection : kernels.TiedProjection).For();
            kernel.Launch(stream, OneWave(args.PointTiles, limits, kernel.GroupsPerMultiprocessor), args, chunk.Values.View,
                p.Cholesky.View, p.Center.View, chunk.Projected.View);
        };
        TiedLogSumExp = (stream, p, chunk, limits) =>
        {
            CheckProjected(p, chunk, nameof(TiedLogSumExp), separateLse: true);
            var args = DiagonalArguments(p, chunk);
            var kernel = kernels.TiedLogSumExp.For(Weights(chunk));
            kernel.Launch(stream, OneWave(args.PointTiles, limits, kernel.GroupsPerMultiprocessor), args, chunk.Projected.View,
                chunk.Weights.View, p.Means.View, p.Precisions.View, p.Constants.View, chunk.Lse.View, p.Scalars);
        };
        TiedStatistics = (stream, p, chunk, limits) =>
        {
            CheckProjected(p, chunk, nameof(TiedStatistics), separateLse: false);
            var args = DiagonalArguments(p, chunk);
            var kernel = kernels.TiedStatistics.For(Weights(chunk), Lse(p));
            foreach (var (config, first) in Statistics(args.PointTiles, LaunchPlan.ComponentTileGroups(p.K, p.D), limits, kernel.GroupsPerMultiprocessor))
                kernel.Launch(stream, config, args with { FirstGroup = first }, chunk.Projected.View, chunk.Values.View, chunk.Weights.View,
                    p.Means.View, p.Precisions.View, p.Constants.View, p.Center.View, chunk.Lse.View, p.N.View, p.F.View);
        };
        TiedScatter = (stream, p, chunk, limits) =>
        {
            Check(p, chunk, nameof(TiedScatter), separateLse: false, CovarianceType.Tied);
            var args = FullArguments(p, chunk);
            var kernel = (Blocked(p.D) ? kernels.BlockedTiedScatter : kernels.TiedScatter).For(Weights(chunk));
            foreach (var (config, _) in Statistics(args.PointTiles, 1, limits, kernel.GroupsPerMultiprocessor))
                kernel.Launch(stream, config, args, chunk.Values.View, chunk.Weights.View, p.Center.View, p.S.View);
        };
        FullLogSumExp = (stream, p, chunk, limits) =>
        {
            Check(p, chunk, nameof(FullLogSumExp), separateLse: false, CovarianceType.Full);
            var args = FullArguments(p, chunk);
            var kernel = (Blocked(p.D) ? kernels.BlockedLogSumExp : kernels.FullLogSumExp).For(Weights(chunk));
            kernel.Launch(stream, OneWave(args.PointTiles, limits, kernel.GroupsPerMultiprocessor), args, chunk.Values.View,
                chunk.Weights.View, p.Means.View, p.Cholesky.View, p.Constants.View, p.Center.View, chunk.Lse.View, p.Scalars);
        };
        FullStatistics = (stream, p, chunk, limits) =>
        {
            Check(p, chunk, nameof(FullStatistics), separateLse: false, CovarianceType.Full);
            var args = FullArguments(p, chunk);
            var kernel = (Blocked(p.D) ? kernels.BlockedStatistics : kernels.FullStatistics).For(Weights(chunk));
            foreach (var (config, first) in Statistics(args.PointTiles, p.K, limits, kernel.GroupsPerMultiprocessor))
                kernel.Launch(stream, config, args with { FirstComponent = first }, chunk.Values.View, chunk.Weights.View,
                    p.Means.View, p.Cholesky.View, p.Constants.View, p.Center.View, chunk.Lse.View, p.N.View, p.F.View, p.S.View);
        };
    }

    /// <summary>Diag, spherical with k &gt; 64: each point's log-sum-exp and Σ w log p(x), Σ w.</summary>
    public ChunkLauncher<T> DiagonalLogSumExp { get; }

    /// <summary>Diag, spherical: responsibilities fused with N, F and per-feature S (k ≤ 64: the log-sum-exp too).</summary>
    public ChunkLauncher<T> DiagonalStatistics { get; }

    /// <summary>
    /// Diag, spherical on points with missing entries (NaN): the marginal E-step of the observed features, N, F, S over
    /// them and the missing mass into <see cref="DeviceParameters{T}.MissingMass"/>; one thread per point.
    /// </summary>
    public ChunkLauncher<T> MaskedDiagonalStatistics { get; }

    /// <summary>Tied: the projected points y = (x − c) U into the chunk's projected buffer.</summary>
    public ChunkLauncher<T> TiedProjection { get; }

    /// <summary>Tied with k &gt; 64: each projected point's log-sum-exp and Σ w log p(x), Σ w.</summary>
    public ChunkLauncher<T> TiedLogSumExp { get; }

    /// <summary>Tied: responsibilities on the projected points fused with N and F about the centre (k ≤ 64: the log-sum-exp too).</summary>
    public ChunkLauncher<T> TiedStatistics { get; }

    /// <summary>Tied: the scatter S += Σ w (x − c)(x − c)ᵀ.</summary>
    public ChunkLauncher<T> TiedScatter { get; }

    /// <summary>Full: each point's log-sum-exp and Σ w log p(x), Σ w.</summary>
    public ChunkLauncher<T> FullLogSumExp { get; }

    /// <summary>Full: responsibilities fused with N, F and S per component.</summary>
    public ChunkLauncher<T> FullStatistics { get; }

    private static void Check(DeviceParameters<T> p, DeviceChunk<T> chunk, string pass, bool separateLse, params CovarianceType[] types)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(chunk);
        if (!types.Contains(p.Type))
            throw new ArgumentException($"{pass} is a pass of {string.Join(" and ", types)} covariances, not {p.Type}.", nameof(p));
        if (chunk.Count < 1)
            throw new ArgumentException($"{pass}: the chunk holds no points (a grid cannot be empty).", nameof(chunk));
        if (chunk.Dimension != p.D)
            throw new ArgumentException($"{pass}: the chunk has {chunk.Dimension} features, the parameters {p.D}.", nameof(chunk));
        if (separateLse && p.FusesLogSumExp)
            throw new ArgumentException($"{pass}: with k = {p.K} ≤ {TileComponents} the statistics pass takes the log-sum-exp itself.", nameof(p));
    }

    private static void CheckProjected(DeviceParameters<T> p, DeviceChunk<T> chunk, string pass, bool separateLse)
    {
        Check(p, chunk, pass, separateLse, CovarianceType.Tied);
        if (chunk.Projected.Length < (long)chunk.Count * chunk.Dimension)
            throw new ArgumentException($"{pass}: the chunk has no buffer for projected points (create it with projected: true).", nameof(chunk));
    }

    private static Type Weights(DeviceChunk<T> chunk) => chunk.HasWeights ? typeof(Weighted) : typeof(Unweighted);

    private static Type Lse(DeviceParameters<T> p) => p.FusesLogSumExp ? typeof(FusedLse) : typeof(SeparateLse);

    /// <summary>A grid of one wave of <paramref name="groupsPerMultiprocessor"/> striding over the tiles: a partial second wave would leave most of the device idle while it runs.</summary>
    private static KernelConfig OneWave(int tiles, LaunchLimits limits, int groupsPerMultiprocessor) =>
        new(new Index3D(Math.Min(tiles, limits.Multiprocessors * groupsPerMultiprocessor), 1, 1), Group);

    private static IEnumerable<(KernelConfig Config, int First)> Statistics(int tiles, int groupsY, LaunchLimits limits, int groupsPerMultiprocessor) =>
        LaunchPlan.Statistics(tiles, groupsY, limits.Multiprocessors * groupsPerMultiprocessor, limits.MaxGroupsY)
            .Select(launch => (new KernelConfig(launch.Grid, Group), launch.FirstGroup));

    private static DiagonalArgs DiagonalArguments(DeviceParameters<T> p, DeviceChunk<T> chunk) => new()
    {
        N = chunk.Count,
        K = p.K,
        D = p.D,
        Kp = p.Kp,
        PointTiles = Tiles(chunk.Count, TilePoints),
        ComponentTiles = p.Kp / TileComponents,
    };

    private static FullArgs FullArguments(DeviceParameters<T> p, DeviceChunk<T> chunk) => new()
    {
        N = chunk.Count,
        K = p.K,
        D = p.D,
        PointTiles = Tiles(chunk.Count, TilePoints),
        Blocks = Tiles(p.D, BlockFeatures),
        CholeskyStride = p.CholeskyStride,
    };
}
