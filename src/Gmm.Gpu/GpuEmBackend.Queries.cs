using System.Numerics;
using Gmm.Gpu.Kernels;
using Gmm.Gpu.Queries;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// The queries' side of the GPU backend (<see cref="IPointEvaluator{T}"/>): log-probabilities, their per-point reductions
/// and top-C scoring on the device (<see cref="QueryKernels{T, TOps}"/>), in blocks of points whose rows×k log-probabilities stay under
/// <see cref="QueryPairs"/>; per block only the per-point outputs (and posteriors when asked for) come back. Models are
/// uploaded once and kept (by reference: models are immutable) within a memory budget, so that a UBM and its speaker
/// models serve every utterance of a trial list from the device.
/// </summary>
internal sealed partial class GpuEmBackend<T> : IPointEvaluator<T>
{
    /// <summary>Most (point, component) pairs per launch: the size of the device's log-probability block.</summary>
    internal const int QueryPairs = 1 << 22;

    private readonly Dictionary<GaussianMixtureModel, DeviceQueryModel<T>> _queryModels = [];
    private readonly LinkedList<GaussianMixtureModel> _queryModelUse = new(); // least recently used first
    private DeviceQueryBuffers<T>? _queryBuffers;

    /// <summary>Models uploaded for queries so far (tests: a model serves many calls from one upload).</summary>
    internal int QueryModelUploads { get; private set; }

    /// <inheritdoc />
    public void Evaluate(GaussianMixtureModel model, DataChunk<T> chunk, Span<double> logDensities, Span<int> labels, Span<double> probabilities)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        int n = chunk.Count, k = model.ComponentCount, d = model.Dimension;
        CheckQuery(model, chunk, logDensities.Length, 1);
        if (!labels.IsEmpty && labels.Length != n)
            throw new ArgumentException($"labels must be empty or hold n = {n} values; got {labels.Length}.", nameof(labels));
        if (!probabilities.IsEmpty && probabilities.Length != (long)n * k)
            throw new ArgumentException($"probabilities must be empty or hold n×k = {n}×{k} values; got {probabilities.Length}.", nameof(probabilities));
        if (n == 0) return;
        lock (_provider.LaunchLock)
        {
            var buffers = _queryBuffers ??= new DeviceQueryBuffers<T>(_accelerator);
            var device = QueryModel(model);
            var stream = _accelerator.DefaultStream;
            int block = QueryBlockRows(k, n);
            var hostProbabilities = probabilities.IsEmpty ? null : new T[(long)block * k];
            var values = chunk.Values.Span;
            for (int start = 0; start < n; start += block)
            {
                int rows = Math.Min(block, n - start);
                var args = new QueryArgs { Rows = rows, K = k, D = d, FactorStride = device.FactorStride };
                var x = buffers.Points((long)rows * d);
                x.CopyFromCPU(values.Slice(start * d, rows * d));
                var lp = buffers.LogProbabilities((long)rows * k);
                var lse = buffers.Outputs(rows);
                var best = buffers.Labels(rows);
                LaunchLogProbabilities(device, stream, args, x, lp);
                _kernels.QueryLogSumExp.For().Launch(stream, QueryConfig(rows), args, lp, lse, best);
                if (hostProbabilities is not null) _kernels.QueryPosteriors.For().Launch(stream, QueryConfig((long)rows * k), args, lp, lse);
                lse.CopyToCPU(logDensities.Slice(start, rows)); // waits for the kernels
                if (!labels.IsEmpty) best.CopyToCPU(labels.Slice(start, rows));
                if (hostProbabilities is not null)
                {
                    var posteriors = hostProbabilities.AsSpan(0, rows * k);
                    lp.CopyToCPU(posteriors);
                    var target = probabilities.Slice(start * k, rows * k);
                    for (int i = 0; i < target.Length; i++) target[i] = double.CreateTruncating(posteriors[i]);
                }
            }
        }
    }

    /// <inheritdoc />
    public void EvaluateShortlisted(GaussianMixtureModel shortlistModel, IReadOnlyList<GaussianMixtureModel> models, int shortlistLength,
        DataChunk<T> chunk, Span<double> logDensities)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(shortlistModel);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentOutOfRangeException.ThrowIfNegative(shortlistLength);
        int n = chunk.Count, k = shortlistModel.ComponentCount, d = shortlistModel.Dimension;
        for (int m = 0; m < models.Count; m++)
            if (models[m] is not { } scored || scored.ComponentCount != k || scored.Dimension != d)
                throw new ArgumentException($"models[{m}] must have the shortlist model's {k} components of {d} features.", nameof(models));
        int rowsOut = 1 + models.Count;
        CheckQuery(shortlistModel, chunk, logDensities.Length, rowsOut);
        if (n == 0) return;
        bool all = shortlistLength == 0 || shortlistLength >= k;
        int count = all ? k : shortlistLength;
        lock (_provider.LaunchLock)
        {
            var buffers = _queryBuffers ??= new DeviceQueryBuffers<T>(_accelerator);
            var stream = _accelerator.DefaultStream;
            int block = QueryBlockRows(k, n);
            var values = chunk.Values.Span;
            for (int start = 0; start < n; start += block)
            {
                int rows = Math.Min(block, n - start);
                var args = new QueryArgs { Rows = rows, K = k, D = d, Shortlist = count };
                var x = buffers.Points((long)rows * d);
                x.CopyFromCPU(values.Slice(start * d, rows * d));
                var lp = buffers.LogProbabilities((long)rows * k);
                var output = buffers.Outputs(rows);
                var labels = buffers.Labels(rows);
                ArrayView<int> shortlist = default;
                if (!all)
                {
                    var ubm = QueryModel(shortlistModel);
                    LaunchLogProbabilities(ubm, stream, args, x, lp);
                    shortlist = buffers.Shortlist((long)rows * count);
                    _kernels.QuerySelect.For().Launch(stream, QueryConfig(rows), args, lp, shortlist);
                }
                for (int m = 0; m < rowsOut; m++)
                {
                    var device = QueryModel(m == 0 ? shortlistModel : models[m - 1]);
                    var modelArgs = args with { FactorStride = device.FactorStride };
                    if (all)
                    {
                        LaunchLogProbabilities(device, stream, modelArgs, x, lp);
                        _kernels.QueryLogSumExp.For().Launch(stream, QueryConfig(rows), modelArgs, lp, output, labels);
                    }
                    else
                        _kernels.QueryShortlisted.For(device.Family).Launch(stream, QueryConfig(rows), modelArgs, x, device.Center.View, device.Means.View,
                            device.Factors.View, device.Constants.View, shortlist, output);
                    output.CopyToCPU(logDensities.Slice(m * n + start, rows)); // waits, so the next model may reuse the buffer
                }
            }
        }
    }

    private void LaunchLogProbabilities(DeviceQueryModel<T> device, AcceleratorStream stream, QueryArgs args, ArrayView<T> x, ArrayView<T> lp) =>
        _kernels.QueryLogProbabilities.For(device.Family).Launch(stream, QueryConfig((long)args.Rows * args.K), args with { FactorStride = device.FactorStride },
            x, device.Center.View, device.Means.View, device.Factors.View, device.Constants.View, lp);

    /// <summary>Groups of <see cref="KernelGeometry.GroupSize"/> threads for <paramref name="work"/> outputs: one each, up to 32 groups per multiprocessor (the kernels stride over the rest).</summary>
    private KernelConfig QueryConfig(long work)
    {
        long groups = (work + KernelGeometry.GroupSize - 1) / KernelGeometry.GroupSize;
        int limit = 32 * Math.Max(1, _accelerator.NumMultiprocessors);
        return new KernelConfig(new Index3D((int)Math.Clamp(groups, 1, limit), 1, 1), new Index3D(KernelGeometry.GroupSize, 1, 1));
    }

    /// <summary>Points per launch: rows×k within <see cref="QueryPairs"/>, at least one point.</summary>
    private static int QueryBlockRows(int k, int n) => Math.Max(1, Math.Min(n, QueryPairs / Math.Max(k, 1)));

    private static void CheckQuery(GaussianMixtureModel model, DataChunk<T> chunk, int length, int rows)
    {
        if (chunk.Dimension != model.Dimension)
            throw new ArgumentException($"the points have {chunk.Dimension} features but the model has {model.Dimension}.", nameof(chunk));
        if (length != (long)rows * chunk.Count)
            throw new ArgumentException($"the destination must hold {rows}×n = {rows}×{chunk.Count} values; got {length}.", "logDensities");
    }

    /// <summary>The model's query layouts on the device: uploaded on first use, kept while they fit the budget (least recently used go first).</summary>
    private DeviceQueryModel<T> QueryModel(GaussianMixtureModel model)
    {
        if (_queryModels.TryGetValue(model, out var known))
        {
            _queryModelUse.Remove(model);
            _queryModelUse.AddLast(model);
            return known;
        }
        var device = new DeviceQueryModel<T>(_accelerator, model);
        QueryModelUploads++;
        long budget = Math.Min(_budget / 4, 1L << 30), held = device.Bytes;
        foreach (var kept in _queryModels.Values) held += kept.Bytes;
        while (held > budget && _queryModelUse.First is { } oldest)
        {
            held -= _queryModels[oldest.Value].Bytes;
            _queryModels[oldest.Value].Dispose();
            _queryModels.Remove(oldest.Value);
            _queryModelUse.RemoveFirst();
        }
        _queryModels[model] = device;
        _queryModelUse.AddLast(model);
        return device;
    }

    /// <summary>Frees the query buffers and models (with the backend).</summary>
    private void ReleaseQueries()
    {
        foreach (var device in _queryModels.Values) device.Dispose();
        _queryModels.Clear();
        _queryModelUse.Clear();
        _queryBuffers?.Dispose();
        _queryBuffers = null;
    }
}
