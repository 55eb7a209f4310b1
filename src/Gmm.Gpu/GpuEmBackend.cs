using System.Numerics;
using System.Runtime.CompilerServices;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// The EM backend on an ILGPU accelerator. Per pass, two fused kernels run per chunk (per-point log-sum-exp; then
/// responsibilities and statistics, recomputing the log-densities so that no n×k matrix is ever stored) into float64
/// accumulators on the device. In a fit (<see cref="IMaximumLikelihoodStepper{T}"/>) the M-step then runs on the device too
/// (<see cref="DeviceMStep{T}"/>): parameters and statistics stay there and an iteration brings back three scalars
/// (Σ w log p, Σ w and a flag that hands degenerate cases to the shared host M-step); the model comes back once, at
/// the end. <see cref="Accumulate"/> alone uploads the given model and downloads the statistics. Data that fits the
/// memory budget is uploaded once and stays on the device across iterations; larger data streams in chunks through
/// page-locked host buffers, double-buffered on two streams so the copy of chunk i+1 overlaps the kernels of chunk i.
/// </summary>
/// <typeparam name="T">float (float32 log-densities, float64 accumulation) or double.</typeparam>
internal sealed partial class GpuEmBackend<T> : IEmBackend<T>, IMaximumLikelihoodStepper<T>, IMissingValueDevice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows per chunk when data is resident (bounded so a chunk's values stay under 2³¹ elements).</summary>
    public const int ResidentChunkRows = 1 << 20;

    private const int TilePoints = KernelGeometry.TilePoints;

    private readonly GpuBackendProvider _provider;
    private readonly Accelerator _accelerator;
    private readonly KernelSet<T> _kernels;
    private readonly long _budget;
    private DeviceParameters<T>? _parameters;
    private List<DeviceChunk<T>> _resident = [];
    private IDataSource<T>? _residentSource;

    /// <summary>How many times this backend uploaded a source's points to keep them resident (tests: a selection grid uploads once).</summary>
    internal int ResidentUploads { get; private set; }
    private bool _residentComplete;
    private DeviceChunk<T>[] _slots = [];
    private string _mode = "no data yet";
    private bool _disposed;
    private DeviceMStep<T>? _mstep;
    private GaussianMixtureModel? _accumulatedModel; // the model Accumulate last uploaded, while the layouts still hold it
    private DeviceParameters<T>? _accumulatedParameters;
    private double[] _accumulatedCenter = [];

    internal GpuEmBackend(GpuBackendProvider provider, long budgetBytes)
    {
        _provider = provider;
        _accelerator = provider.Accelerator;
        _kernels = provider.Kernels<T>();
        _budget = budgetBytes;
        MaxGroupsY = Math.Min(LaunchPlan.MaxGroupsY, _accelerator.MaxGridSize.Y);
        InitializationOnDevice = provider.InitializationOnDevice;
    }

    /// <inheritdoc />
    public string Description => $"{_provider.DeviceDescription}; {typeof(T).Name} kernels, float64 statistics; M-step on the {(MStepOnDevice ? "device" : "host")}; {_mode}"
        + (InitializationNote is { } note ? $"; {note}" : "");

    /// <summary>True when the last pass streamed its data in chunks instead of keeping it resident.</summary>
    public bool Streamed { get; private set; }

    /// <summary>Rows per chunk of the last pass.</summary>
    public int ChunkRows { get; private set; }

    /// <summary>Models <see cref="Accumulate"/> uploaded so far (tests: statistics of many data sets under one model take one upload).</summary>
    internal int AccumulateUploads { get; private set; }

    /// <summary>The largest y extent of a statistics launch; more components (or tiles) launch in y-batches (tests lower it).</summary>
    internal int MaxGroupsY { get; set; }

    /// <inheritdoc />
    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics) =>
        AccumulatePass(model, data, statistics, marginal: false, missingMass: default);

    /// <summary>
    /// <see cref="Accumulate"/>, or with
    /// <paramref name="marginal"/> the pass over points with missing entries (observed-coordinate statistics, and the
    /// missing mass added into <paramref name="missingMass"/>, k×d).
    /// </summary>
    private void AccumulatePass(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics, bool marginal, Span<double> missingMass)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistics);
        Check(model, data);
        if (statistics.ComponentCount != model.ComponentCount || statistics.Dimension != model.Dimension || statistics.CovarianceType != model.CovarianceType)
            throw new ArgumentException("statistics were created for a different model; use SufficientStatistics.For<T>(model).", nameof(statistics));

        lock (_provider.LaunchLock)
        {
            if (_hostModel is null && _deviceModelValid) _hostModel = _mstep!.DownloadModel(); // keep a fit's device-held model
            var parameters = ParametersFor(model);
            if (ReferenceEquals(_accumulatedModel, model) && ReferenceEquals(_accumulatedParameters, parameters) && statistics.Center.SequenceEqual(_accumulatedCenter))
                parameters.ClearAccumulators(_accelerator.DefaultStream); // the layouts still hold this model (many speakers under one UBM: one upload)
            else
            {
                parameters.Upload(model, statistics);
                (_accumulatedModel, _accumulatedParameters, _accumulatedCenter) = (model, parameters, statistics.Center.ToArray());
                AccumulateUploads++;
            }
            _uploaded = false; // the layouts now hold this call's model, not the fit's
            Pass(parameters, data, marginal);
            _accelerator.Synchronize();
            parameters.Download(statistics);
            if (marginal) AddMissingMass(parameters, missingMass);
            statistics.PointCount += data.Count;
        }
    }

    private static void Check(GaussianMixtureModel model, IDataSource<T> data)
    {
        int d = model.Dimension;
        if (data.Dimension != d)
            throw new ArgumentException($"data has {data.Dimension} features but the model has {d}.", nameof(data));
    }

    /// <summary>The device parameters for the model's shape (reallocated, with the M-step's buffers, when it changes).</summary>
    private DeviceParameters<T> ParametersFor(GaussianMixtureModel model) => ParametersFor(model.ComponentCount, model.Dimension, model.CovarianceType);

    /// <summary>The device parameters for k components of d features and the covariance type (reallocated when the shape changes).</summary>
    private DeviceParameters<T> ParametersFor(int k, int d, CovarianceType type)
    {
        if (_parameters is null || _parameters.K != k || _parameters.D != d || _parameters.Type != type) // a new shape
        {
            _mstep?.Dispose();
            _mstep = null;
            _parameters?.Dispose();
            _parameters = null;
            _parameters = new DeviceParameters<T>(_accelerator, k, d, type);
        }
        return _parameters;
    }

    /// <summary>The E-step and statistics over all of the data, resident or streamed, under the parameters on the device.</summary>
    private void Pass(DeviceParameters<T> parameters, IDataSource<T> data, bool marginal = false)
    {
        if (data.Count == 0) return; // nothing to add (and no chunk size to plan: a source may refuse GetChunks(0))
        bool projected = parameters.Covariance.ProjectsPoints;
        if (marginal) SwapResidentSets(); // points with missing entries keep their own resident set (GpuEmBackend.Missing)
        try
        {
            if (PlanResident(data, projected)) AccumulateResident(parameters, data, projected, marginal);
            else
            {
                _accelerator.DefaultStream.Synchronize(); // uploads and clears on the default stream precede the slots' streams
                AccumulateStreamed(parameters, data, projected, marginal);
            }
        }
        finally
        {
            if (marginal) SwapResidentSets();
        }
    }

    /// <summary>Decides residency: the model's buffers, all of the data and one chunk of scratch within the budget.</summary>
    private bool PlanResident(IDataSource<T> data, bool projected)
    {
        long size = Unsafe.SizeOf<T>(), d = data.Dimension;
        long rowBytes = size * (d + (data.HasWeights ? 1 : 0));
        long scratchRow = size * (1 + (projected ? d : 0));
        int residentRows = (int)Math.Min(Math.Min(ResidentChunkRows, data.Count), int.MaxValue / d);
        // The model's buffers come first (and, during k-means initialisation, the device search's).
        long budget = _budget - (_parameters?.Bytes ?? 0) - (_mstep?.Bytes ?? 0) - (_centerSearch?.Bytes ?? 0) - ParkedResidentBytes;
        if (data.Count * rowBytes + residentRows * scratchRow <= budget)
        {
            ChunkRows = residentRows;
            Streamed = false;
            _mode = $"data resident on the device ({data.Count} points in chunks of {ChunkRows})";
            return true;
        }
        long perSlot = Math.Max(budget, 0) / 2 / (rowBytes + scratchRow);
        ChunkRows = (int)Math.Clamp(perSlot / TilePoints * TilePoints, Math.Min(TilePoints, residentRows), residentRows); // n < 64: one chunk of all n
        Streamed = true;
        _mode = $"data streamed in chunks of {ChunkRows} points (budget {_budget} bytes), double-buffered from page-locked memory";
        return false;
    }

    private void AccumulateResident(DeviceParameters<T> parameters, IDataSource<T> data, bool projected, bool marginal)
    {
        EnsureResident(data, projected);
        foreach (var device in _resident) Launch(parameters, device, _accelerator.DefaultStream, marginal);
    }

    /// <summary>Uploads the data in chunks of <see cref="ChunkRows"/> unless they are on the device already (a plan must have chosen residency).</summary>
    private void EnsureResident(IDataSource<T> data, bool projected)
    {
        ReleaseSlots();
        if (!ReferenceEquals(_residentSource, data) || !_residentComplete || _resident.Count == 0 || _resident[0].Capacity != Math.Min(ChunkRows, _resident[0].Count) || projected && _resident[0].Projected.Length == 1)
        {
            ResidentUploads++;
            ReleaseResident();
            _residentSource = data;
            foreach (var chunk in data.GetChunks(ChunkRows))
            {
                if (chunk.Count == 0) continue; // a source may hand out empty chunks: no zero-length buffers
                var device = new DeviceChunk<T>(_accelerator, chunk.Count, data.Dimension, !chunk.Weights.IsEmpty, projected, streaming: false);
                _resident.Add(device);
                device.Upload(chunk);
            }
            _residentComplete = true;
        }
    }

    private void AccumulateStreamed(DeviceParameters<T> parameters, IDataSource<T> data, bool projected, bool marginal)
    {
        ReleaseResident();
        if (_slots.Length == 0 || _slots[0].Capacity != ChunkRows || _slots[0].Projected.Length == 1 && projected)
        {
            ReleaseSlots();
            // Weight buffers always: a source may hand out weighted chunks even when it does not announce them.
            var first = new DeviceChunk<T>(_accelerator, ChunkRows, data.Dimension, weighted: true, projected, streaming: true);
            try
            {
                _slots = [first, new DeviceChunk<T>(_accelerator, ChunkRows, data.Dimension, weighted: true, projected, streaming: true)];
            }
            catch
            {
                first.Dispose();
                throw;
            }
        }
        int index = 0;
        foreach (var chunk in data.GetChunks(ChunkRows))
        {
            if (chunk.Count == 0) continue; // nothing to copy or launch
            var slot = _slots[index++ % 2];
            slot.Stream!.Synchronize(); // the slot's previous chunk (copy and kernels) is done; its buffers are free
            slot.UploadAsync(chunk);
            Launch(parameters, slot, slot.Stream, marginal);
        }
        foreach (var slot in _slots) slot.Stream!.Synchronize();
    }

    /// <summary>Queues the kernels of one chunk on <paramref name="stream"/> (none for an empty chunk: a grid cannot be empty).</summary>
    private void Launch(DeviceParameters<T> p, DeviceChunk<T> chunk, AcceleratorStream stream, bool marginal)
    {
        if (chunk.Count == 0) return;
        var limits = new LaunchLimits(Math.Max(1, _accelerator.NumMultiprocessors), MaxGroupsY);
        if (marginal) p.Covariance.MarginalStatistics(_kernels.Chunks, stream, p, chunk, limits);
        else p.Covariance.Accumulate(_kernels.Chunks, stream, p, chunk, limits);
    }

    private void ReleaseResident()
    {
        foreach (var chunk in _resident) chunk.Dispose();
        _resident.Clear();
        _residentSource = null;
        _residentComplete = false;
    }

    private void ReleaseSlots()
    {
        foreach (var slot in _slots) slot.Dispose();
        _slots = [];
    }

    /// <summary>Frees the device buffers (resident data, parameters, streaming slots); the provider stays open.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_provider.LaunchLock)
        {
            ReleaseCenterSearch();
            ReleaseQueries();
            ReleaseResident();
            ReleaseParkedResident();
            ReleaseSlots();
            _mstep?.Dispose();
            _parameters?.Dispose();
        }
    }
}
