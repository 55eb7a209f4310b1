using System.Numerics;
using Gmm.Gpu.Covariance;
using Gmm.Gpu.Init;

namespace Gmm.Gpu;

/// <summary>k-means initialisation's nearest-centre searches on the device (<see cref="IKMeansDevice{T}"/>).</summary>
internal sealed partial class GpuEmBackend<T> : IKMeansDevice<T>
{
    private DeviceCenterSearch<T>? _centerSearch;
    private long _initializationLabels, _initializationNearTies;

    /// <summary>
    /// Whether k-means initialisation (<see cref="InitializationMethod.KMeans"/>) labels points on this device: Lloyd's
    /// assignments on the sample and the last pass over all of the data. The labels, and so the starting model, are
    /// exactly the host's either way (points the device cannot be sure about are searched on the host). Default: the
    /// provider's <see cref="GpuBackendProvider.InitializationOnDevice"/>.
    /// </summary>
    public bool InitializationOnDevice { get; set; }

    ICenterAssignment IKMeansDevice<T>.CreateAssignment(ReadOnlyMemory<double> sample, int dimension, ReadOnlyMemory<double> origin, int k) =>
        new DeviceSampleAssignment<T>(CenterSearch(dimension), sample, dimension, origin, k);

    int[]? IKMeansDevice<T>.Label(IDataSource<T> data, NearestCenter nearest, CovarianceType type)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.Count > Array.MaxLength || data.Dimension != nearest.Dimension) return null;
        bool projected = DeviceCovariance.For(type).ProjectsPoints;
        lock (_provider.LaunchLock)
        {
            // The fit's buffers first, so that the plan is the one its first iteration will make and finds the data uploaded.
            var parameters = ParametersFor(nearest.Count, data.Dimension, type);
            if (MStepOnDevice) _mstep ??= new DeviceMStep<T>(_accelerator, _kernels, parameters);
            if (!PlanResident(data, projected)) return null;
            EnsureResident(data, projected);
        }
        var labels = new int[data.Count];
        var search = CenterSearch(data.Dimension);
        long covered = 0;
        foreach (var device in _resident)
        {
            search.LabelOnDevice(nearest, device.Values.View, device.Count, labels.AsSpan((int)device.Start, device.Count));
            covered += device.Count;
        }
        if (covered != data.Count)
            throw new InvalidOperationException($"The data source announced {data.Count} points but its chunks hold {covered}.");
        if (!labels.AsSpan().Contains(-1)) return labels; // the usual case: no second read of the data
        foreach (var chunk in data.GetChunks(ChunkRows))
        {
            var part = labels.AsSpan((int)chunk.Start, chunk.Count);
            if (part.Contains(-1)) search.Resolve(nearest, chunk.Values.Span, part);
        }
        return labels;
    }

    /// <summary>What initialisation did on the device so far (all initialisations of the fit), for <see cref="Description"/>; null when nothing.</summary>
    private string? InitializationNote => _initializationLabels == 0 ? null
        : $"k-means initialisation on the device ({_initializationLabels} labels, {_initializationNearTies} near-ties searched on the host)";

    private DeviceCenterSearch<T> CenterSearch(int d)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_centerSearch is null || _centerSearch.Dimension != d)
        {
            ReleaseCenterSearch();
            _centerSearch = new DeviceCenterSearch<T>(_accelerator, _provider.LaunchLock, _provider.NearestCenterKernel<T>(), d);
        }
        return _centerSearch;
    }

    /// <summary>Frees the search's buffers before the EM needs the memory, and adds what it did to <see cref="Description"/>'s counts.</summary>
    private void ReleaseCenterSearch()
    {
        if (_centerSearch is not { } search) return;
        _initializationLabels += search.Labelled;
        _initializationNearTies += search.Uncertain;
        search.Dispose();
        _centerSearch = null;
    }
}
