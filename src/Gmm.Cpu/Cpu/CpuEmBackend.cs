using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// The multi-threaded SIMD CPU backend. Each chunk is split into one contiguous range per lane (a lane per core);
/// a lane walks its range in tiles of <see cref="TileRows"/> points: shift and copy, log-probabilities,
/// log-sum-exp to responsibilities, statistics. Tile sums are in T, lane sums in float64, and lanes are added in a
/// fixed order, so a result is bit-identical run to run on the same machine. Nothing is allocated per point or
/// per tile; per iteration only the small per-chunk task closures and the statistics arrays the EM loop hands in.
/// Reached through <see cref="CpuBackendProvider"/>.
/// </summary>
internal sealed class CpuEmBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Points per tile.</summary>
    public const int TileRows = 64;
    private const int FlushEveryTiles = 4;
    private const int ChunkRows = 1 << 16;

    private readonly int _laneCount;
    private CpuKernel<T>? _kernel;
    private CpuLane<T>[] _lanes = [];

    /// <summary>Creates a backend using <paramref name="threads"/> worker lanes (default: one per core).</summary>
    public CpuEmBackend(int threads = 0)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 0 (0 = one per core).");
        _laneCount = threads == 0 ? Environment.ProcessorCount : threads;
    }

    /// <inheritdoc />
    public string Description => $"CPU backend: {_laneCount} threads, {Vector<T>.Count}-wide {typeof(T).Name} SIMD";

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
            int perLane = (chunk.Count + _laneCount - 1) / _laneCount;
            var current = chunk;
            Parallel.For(0, _laneCount, new ParallelOptions { MaxDegreeOfParallelism = _laneCount }, l =>
            {
                int start = l * perLane, end = Math.Min(current.Count, start + perLane);
                if (start < end) ProcessRange(kernel, current, start, end, _lanes[l]);
            });
        }
        foreach (var lane in _lanes)
        {
            TensorPrimitives.Add(statistics.ZerothOrder, lane.N, statistics.ZerothOrder);
            TensorPrimitives.Add(statistics.FirstOrder, lane.F, statistics.FirstOrder);
            TensorPrimitives.Add(statistics.SecondOrder, lane.S, statistics.SecondOrder);
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
        int d = model.Dimension, k = model.ComponentCount, n = values.Length / d;
        var kernel = Prepare(model, SufficientStatistics.For<T>(model));
        var lane = _lanes[0];
        for (int start = 0; start < n; start += TileRows)
        {
            int rows = Math.Min(TileRows, n - start);
            CopyTile(kernel, values.Slice(start * d, rows * d), default, lane, rows);
            kernel.LogProbabilities(lane, rows);
            for (int b = 0; b < rows; b++)
                for (int c = 0; c < k; c++)
                    logProbabilities[(start + b) * k + c] = double.CreateTruncating(lane.Lp[b * kernel.Kp + c]);
        }
    }

    /// <inheritdoc />
    public void Dispose() { }

    private CpuKernel<T> Prepare(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var covariance = model.Definition;
        if (_kernel is null || _kernel.K != k || _kernel.D != d || _kernel.Covariance != covariance)
        {
            _kernel = covariance.CreateCpuKernel<T>(k, d);
            _lanes = new CpuLane<T>[_laneCount];
            for (int l = 0; l < _laneCount; l++) _lanes[l] = _kernel.CreateLane(TileRows);
        }
        _kernel.Load(model, statistics);
        return _kernel;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ProcessRange(CpuKernel<T> kernel, DataChunk<T> chunk, int start, int end, CpuLane<T> lane)
    {
        int d = chunk.Dimension, tiles = 0;
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        for (int row = start; row < end; row += TileRows)
        {
            int rows = Math.Min(TileRows, end - row);
            CopyTile(kernel, values.Slice(row * d, rows * d), weights.IsEmpty ? default : weights.Slice(row, rows), lane, rows);
            kernel.LogProbabilities(lane, rows);
            if (kernel.K < kernel.Kp)
                for (int b = 0; b < rows; b++) lane.Lp.AsSpan(b * kernel.Kp + kernel.K, kernel.Kp - kernel.K).Fill(T.NegativeInfinity);
            Responsibilities(kernel, lane, rows);
            kernel.AccumulateTile(lane, rows);
            if (++tiles % FlushEveryTiles == 0) kernel.Flush(lane);
        }
        kernel.Flush(lane);
        lane.PointCount += end - start;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyTile(CpuKernel<T> kernel, ReadOnlySpan<T> values, ReadOnlySpan<T> weights, CpuLane<T> lane, int rows)
    {
        int d = kernel.D, dp = kernel.Dp;
        var center = kernel.Center.AsSpan(0, d);
        for (int b = 0; b < rows; b++)
        {
            var target = lane.X.AsSpan(b * dp, dp);
            TensorPrimitives.Subtract(values.Slice(b * d, d), center, target);
            target[d..].Clear();
            lane.Weights[b] = weights.IsEmpty ? T.One : weights[b];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Exp(Vector<T> x)
    {
        if (typeof(T) == typeof(float)) return VectorMath.ExpSingle(x.As<T, float>()).As<float, T>();
        return Vector.Exp(x.As<T, double>()).As<double, T>();
    }

    /// <summary>Turns lane.Lp into w·r in place (log-sum-exp per row) and adds Σ w log p(x) and Σ w to the lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Responsibilities(CpuKernel<T> kernel, CpuLane<T> lane, int rows)
    {
        int kv = kernel.Kp / Vector<T>.Count;
        var lp = MemoryMarshal.Cast<T, Vector<T>>(lane.Lp.AsSpan(0, rows * kernel.Kp));
        double logLikelihood = 0, weightSum = 0;
        for (int b = 0; b < rows; b++)
        {
            var row = lp.Slice(b * kv, kv);
            var vmax = row[0];
            for (int v = 1; v < kv; v++) vmax = Vector.Max(vmax, row[v]);
            T max = vmax[0];
            for (int i = 1; i < Vector<T>.Count; i++) max = T.Max(max, vmax[i]);
            var shift = new Vector<T>(max);
            var vsum = Vector<T>.Zero;
            for (int v = 0; v < kv; v++)
            {
                var e = Exp(row[v] - shift); // padded components: exp(−∞) = 0
                row[v] = e;
                vsum += e;
            }
            T sum = Vector.Sum(vsum);
            T weight = lane.Weights[b];
            double w = double.CreateTruncating(weight);
            logLikelihood += w * (double.CreateTruncating(max) + Math.Log(double.CreateTruncating(sum)));
            weightSum += w;
            var scale = new Vector<T>(weight / sum);
            for (int v = 0; v < kv; v++) row[v] *= scale;
        }
        lane.LogLikelihood += logLikelihood;
        lane.WeightSum += weightSum;
    }
}
