// The blocked full-family kernels (any d; the backend uses them for d > 64) of one accelerator and compute type,
// compiled on first use, and the launches of a chunk through them.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Launchers of <see cref="BlockedFullKernels{T, TOps}"/> for compute type <typeparamref name="T"/>.</summary>
internal sealed class BlockedKernelSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int GroupSize = 256;
    private const int TilePoints = 64;
    private const int Width = 64; // features per block

    public required Action<AcceleratorStream, KernelConfig, BlockedArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> LogSumExp { get; init; }

    public required Action<AcceleratorStream, KernelConfig, BlockedArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>> Statistics { get; init; }

    public required Action<AcceleratorStream, KernelConfig, BlockedArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>> Projection { get; init; }

    /// <summary>Groups of 256 threads of the log-sum-exp and projection kernels resident on one multiprocessor.</summary>
    public required int LogSumExpGroups { get; init; }

    /// <summary>Groups of 256 threads of the statistics kernel resident on one multiprocessor.</summary>
    public required int StatisticsGroups { get; init; }

    /// <summary>Compiles (or fetches from ILGPU's cache) the blocked kernels for <typeparamref name="T"/>.</summary>
    public static BlockedKernelSet<T> Load(Accelerator accelerator)
    {
        if (typeof(T) == typeof(float)) return (BlockedKernelSet<T>)(object)BlockedKernelLoader<float, SingleOps>.Load(accelerator);
        if (typeof(T) == typeof(double)) return (BlockedKernelSet<T>)(object)BlockedKernelLoader<double, DoubleOps>.Load(accelerator);
        throw new NotSupportedException($"The GPU backend computes in float or double, not {typeof(T).Name}.");
    }

    /// <summary>
    /// Queues both passes of full covariance (log-sum-exp, then statistics per component, in launches of at most
    /// <paramref name="maxGroupsY"/> components) of one chunk.
    /// </summary>
    public void Full(AcceleratorStream stream, DeviceParameters<T> p, DeviceChunk<T> chunk, int multiprocessors, int maxGroupsY)
    {
        var args = Arguments(p, chunk, mode: 0);
        var passOne = new KernelConfig(new Index3D(Math.Min(args.PointTiles, multiprocessors * LogSumExpGroups), 1, 1), new Index3D(GroupSize, 1, 1));
        LogSumExp(stream, passOne, args, chunk.Values.View, chunk.Weights.View, p.Means.View, p.Cholesky.View,
            p.Constants.View, p.Center.View, chunk.Lse.View, p.Scalars);
        StatisticsPass(stream, p, chunk, args, p.K, multiprocessors, maxGroupsY);
    }

    /// <summary>Queues tied's projection y = (x − c) U of one chunk into its projected buffer.</summary>
    public void TiedProjection(AcceleratorStream stream, DeviceParameters<T> p, DeviceChunk<T> chunk, int multiprocessors)
    {
        var args = Arguments(p, chunk, mode: 1);
        var config = new KernelConfig(new Index3D(Math.Min(args.PointTiles, multiprocessors * LogSumExpGroups), 1, 1), new Index3D(GroupSize, 1, 1));
        Projection(stream, config, args, chunk.Values.View, p.Cholesky.View, p.Center.View, chunk.Projected.View);
    }

    /// <summary>Queues tied's scatter S += Σ w (x − c)(x − c)ᵀ of one chunk.</summary>
    public void TiedScatter(AcceleratorStream stream, DeviceParameters<T> p, DeviceChunk<T> chunk, int multiprocessors) =>
        StatisticsPass(stream, p, chunk, Arguments(p, chunk, mode: 1), 1, multiprocessors, LaunchPlan.MaxGroupsY);

    private void StatisticsPass(AcceleratorStream stream, DeviceParameters<T> p, DeviceChunk<T> chunk, BlockedArgs args,
        int components, int multiprocessors, int maxGroupsY)
    {
        // One wave: the point axis is split into as many slices as leave every component a share of the resident groups;
        // components beyond a grid's y extent go to further launches.
        foreach (var (grid, first) in LaunchPlan.Statistics(args.PointTiles, components, multiprocessors * StatisticsGroups, maxGroupsY))
            Statistics(stream, new KernelConfig(grid, new Index3D(GroupSize, 1, 1)), args with { FirstComponent = first }, chunk.Values.View,
                chunk.Weights.View, p.Means.View, p.Cholesky.View, p.Constants.View, p.Center.View, chunk.Lse.View, p.N.View, p.F.View, p.S.View);
    }

    private static BlockedArgs Arguments(DeviceParameters<T> p, DeviceChunk<T> chunk, int mode) => new()
    {
        N = chunk.Count,
        K = p.K,
        D = p.D,
        HasWeights = chunk.HasWeights ? 1 : 0,
        PointTiles = (chunk.Count + TilePoints - 1) / TilePoints,
        Blocks = (p.D + Width - 1) / Width,
        CholeskyStride = p.CholeskyStride,
        Mode = mode,
    };
}
