using Gmm.Gpu.Covariance;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// Points with missing entries on the device (<see cref="IMissingValueDevice{T}"/>): diag and spherical run the masked
/// E-step (<see cref="Kernels.MaskedDiagonalKernels{T, TOps}"/>) over the same parameter layouts, accumulators and
/// chunking as every pass, plus the k×d missing mass. Their points stay resident in a set of their own, parked while
/// the complete points' set is in use (and the other way round), so a fit that alternates the two uploads each once.
/// </summary>
internal sealed partial class GpuEmBackend<T>
{
    private List<DeviceChunk<T>> _parkedResident = [];
    private IDataSource<T>? _parkedSource;
    private bool _parkedComplete;

    /// <summary>Passes over points with missing entries run on the device so far (tests: the host's marginalisation did not run).</summary>
    internal int MarginalPasses { get; private set; }

    /// <inheritdoc />
    public bool MarginalizesMissingValues(CovarianceType type) => DeviceCovariance.For(type).MarginalizesOnDevice;

    /// <inheritdoc />
    public void AccumulateMarginal(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics, Span<double> missingMass)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!MarginalizesMissingValues(model.CovarianceType))
            throw new ArgumentException($"{model.CovarianceType} covariances marginalise missing entries on the host, not on the device.", nameof(model));
        if (missingMass.Length != model.ComponentCount * model.Dimension)
            throw new ArgumentException($"missingMass must hold k×d = {model.ComponentCount}×{model.Dimension} values; got {missingMass.Length}.", nameof(missingMass));
        AccumulatePass(model, data, statistics, marginal: true, missingMass);
        MarginalPasses++;
    }

    /// <summary>Adds the device's missing mass (after the device finished) into <paramref name="missingMass"/>.</summary>
    private static void AddMissingMass(DeviceParameters<T> parameters, Span<double> missingMass)
    {
        var mass = parameters.MissingMass.GetAsArray1D();
        for (int i = 0; i < missingMass.Length; i++) missingMass[i] += mass[i];
    }

    /// <summary>Exchanges the resident set in use with the parked one.</summary>
    private void SwapResidentSets()
    {
        (_resident, _parkedResident) = (_parkedResident, _resident);
        (_residentSource, _parkedSource) = (_parkedSource, _residentSource);
        (_residentComplete, _parkedComplete) = (_parkedComplete, _residentComplete);
    }

    /// <summary>Device bytes of the parked resident set (they share the memory budget).</summary>
    private long ParkedResidentBytes => _parkedResident.Sum(chunk => chunk.Bytes);

    private void ReleaseParkedResident()
    {
        foreach (var chunk in _parkedResident) chunk.Dispose();
        _parkedResident.Clear();
        _parkedSource = null;
        _parkedComplete = false;
    }
}
