using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// The multi-threaded SIMD CPU backend. Each chunk is split into one contiguous range per lane (a lane per core); a
/// lane's kernel walks its range in tiles of <see cref="TileRows"/> points (<see cref="SimdKernel{T, TV}"/>). The lanes
/// run on the calling thread and the backend's own workers (<see cref="LaneDispatch"/>, stopped by
/// <see cref="Dispose"/>). Tile sums are in T, lane sums in float64, and lanes are added in a fixed order, so a result
/// is bit-identical run to run on the same machine, whichever thread ran a lane. Nothing is allocated per point or per tile; per iteration only the small per-chunk lane closures and
/// the statistics arrays the EM loop hands in. Reached through <see cref="CpuBackendProvider"/>.
/// </summary>
internal sealed class CpuEmBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Points per tile.</summary>
    public const int TileRows = 64;
    private const int ChunkRows = 1 << 16;

    private readonly int _laneCount;
    private readonly int _bits;
    private bool _minimalVariants;
    private CpuKernel<T>? _kernel;
    private CpuLane<T>[] _lanes = [];
    private LaneDispatch? _dispatch;

    /// <summary>Creates a backend using <paramref name="threads"/> worker lanes (default: one per core).</summary>
    /// <param name="threads">Worker lanes (≥ 0); 0 = one per core.</param>
    /// <param name="bits">Register width of the kernels (128, 256 or 512, hardware-accelerated here); 0 = <see cref="SimdWidth.Preferred"/>.</param>
    /// <param name="minimalVariants">
    /// Kernels of one form per step (<see cref="CpuKernel{T}.UseMinimalVariants"/>): fewer methods to compile, the same
    /// results; for a backend that runs a few iterations only (a float32 variational fit's float64 finish).
    /// </param>
    public CpuEmBackend(int threads = 0, int bits = 0, bool minimalVariants = false)
    {
        _minimalVariants = minimalVariants;
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 0 (0 = one per core).");
        if (bits != 0 && !SimdWidth.IsAccelerated(bits))
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "register width must be 0 or a width (128, 256, 512) this processor accelerates.");
        _laneCount = threads == 0 ? Environment.ProcessorCount : threads;
        _bits = bits == 0 ? SimdWidth.Preferred : bits;
    }

    /// <inheritdoc />
    public string Description => $"CPU backend: {_laneCount} threads, {_bits / 8 / Unsafe.SizeOf<T>()}-wide {typeof(T).Name} SIMD";

    /// <summary>Whether the backend builds kernels of one form per step (made with minimalVariants, until <see cref="UseEveryVariant"/>).</summary>
    internal bool MinimalVariants => _minimalVariants;

    /// <summary>
    /// Has the backend build kernels of every form from its next accumulation on, where it was made with
    /// minimalVariants: a float64 finish that runs long enough for the faster forms to pay for their compilation
    /// (<see cref="Float64FinishFullKernel"/>). The kernel and lanes are rebuilt; the values are the same bit for bit
    /// (<see cref="CpuKernel{T}.UseMinimalVariants"/>). Call it between accumulations, on the thread that runs them.
    /// </summary>
    internal void UseEveryVariant()
    {
        if (!_minimalVariants) return;
        _minimalVariants = false;
        _kernel = null; // Build makes the kernel and its lanes again, without UseMinimalVariants
    }

    /// <summary>The type of the kernel the last accumulation or <see cref="Ready"/> built (null before either).</summary>
    internal Type? KernelType => _kernel?.GetType();

    /// <summary>The kernel the backend made last (null before its first call).</summary>
    internal CpuKernel<T>? Kernel => _kernel;

    /// <summary>Lane worker threads started so far (for tests; <see cref="LaneDispatch.WorkersStarted"/>).</summary>
    internal int WorkersStarted => _dispatch?.WorkersStarted ?? 0;

    /// <inheritdoc />
    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistics);
        if (data.Dimension != model.Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {model.Dimension}.", nameof(data));
        var kernel = Prepare(model, statistics);
        foreach (var lane in _lanes) lane.Clear();
        foreach (var chunk in data.GetChunks(ChunkRows))
        {
            int perLane = (chunk.Count + _laneCount - 1) / _laneCount, d = chunk.Dimension;
            var current = chunk;
            (_dispatch ??= new LaneDispatch(_laneCount)).Run(l =>
            {
                int start = l * perLane, end = Math.Min(current.Count, start + perLane);
                if (start >= end) return;
                var weights = current.Weights.Span;
                kernel.Accumulate(current.Values.Span.Slice(start * d, (end - start) * d),
                    weights.IsEmpty ? default : weights.Slice(start, end - start), _lanes[l]);
            });
        }
        foreach (var lane in _lanes)
        {
            LaneSums.AddInto(statistics.ZerothOrder, lane.N);
            LaneSums.AddInto(statistics.FirstOrder, lane.F);
            LaneSums.AddInto(statistics.SecondOrder, lane.S);
            statistics.LogLikelihood += lane.LogLikelihood;
            statistics.WeightSum += lane.WeightSum;
            statistics.PointCount += lane.PointCount;
        }
    }

    /// <summary>
    /// Per-point weighted log-probabilities log π_k + log N(x | k) into <paramref name="logProbabilities"/> (n×k, row-major)
    /// for n×d row-major <paramref name="values"/>.
    /// </summary>
    internal void LogProbabilities(GaussianMixtureModel model, ReadOnlySpan<T> values, Span<double> logProbabilities)
    {
        var kernel = Build(model);
        kernel.Load(model, SufficientStatistics.For<T>(model), forStatistics: false);
        kernel.LogProbabilities(values, logProbabilities, _lanes[0]);
    }

    /// <summary>
    /// Makes what the first <see cref="Accumulate"/> under a model of <paramref name="model"/>'s shape would make: the
    /// kernel and the lanes' buffers (allocated, so their pages are touched) and the lane workers (started, so their
    /// threads exist). A fit calls it before its first iteration, so that this one-time work is not timed as part of
    /// iteration 1; <see cref="Accumulate"/> does it itself when it was not called. Changes no result.
    /// </summary>
    internal void Ready(GaussianMixtureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Build(model);
        (_dispatch ??= new LaneDispatch(_laneCount)).Run(static _ => { });
    }

    /// <inheritdoc />
    public void Dispose() => _dispatch?.Dispose();

    private CpuKernel<T> Prepare(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        var kernel = Build(model);
        kernel.Load(model, statistics);
        return kernel;
    }

    /// <summary>The kernel and lanes for <paramref name="model"/>'s k, d and covariance type: the current ones when they fit, else new ones.</summary>
    private CpuKernel<T> Build(GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var covariance = model.Definition;
        if (_kernel is null || _kernel.K != k || _kernel.D != d || _kernel.Covariance != covariance)
        {
            // Kernel and lanes built first and assigned together: if one of them cannot be made (out of memory for a large
            // model), the backend keeps its previous kernel and lanes intact (query backends are pooled and reused).
            var kernel = CpuKernelFactory.Create<T>(covariance, k, d, _bits);
            if (_minimalVariants) kernel.UseMinimalVariants();
            var lanes = new CpuLane<T>[_laneCount];
            for (int l = 0; l < _laneCount; l++) lanes[l] = kernel.CreateLane(TileRows);
            (_kernel, _lanes) = (kernel, lanes);
        }
        return _kernel;
    }
}
