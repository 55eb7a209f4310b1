// The GPU side of one covariance type: everything the device code does differently per type, asked of one object
// instead of switched on in the launch code, the parameter upload and the M-step (scikit-learn's table of functions per
// covariance type is the model). The kernels stay specialised per family; where they differ by type, the type is a
// compile-time mode (Kind).
using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU.Runtime;

namespace Gmm.Gpu.Covariance;

/// <summary>
/// One <see cref="CovarianceType"/> on the device: the shapes of its parameter layouts and accumulators, how a host model
/// is written into those layouts, which passes a chunk goes through and which kernels its M-step runs. One instance per
/// type (<see cref="For"/>).
/// </summary>
internal abstract class DeviceCovariance
{
    private static readonly DeviceCovariance FullType = new DeviceFullCovariance();
    private static readonly DeviceCovariance TiedType = new DeviceTiedCovariance();
    private static readonly DeviceCovariance DiagonalType = new DeviceDiagonalCovariance();
    private static readonly DeviceCovariance SphericalType = new DeviceSphericalCovariance();

    /// <summary>The definition of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined covariance type.</exception>
    public static DeviceCovariance For(CovarianceType type) => type switch
    {
        CovarianceType.Full => FullType,
        CovarianceType.Tied => TiedType,
        CovarianceType.Diagonal => DiagonalType,
        CovarianceType.Spherical => SphericalType,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown covariance type."),
    };

    /// <summary>The covariance type.</summary>
    public abstract CovarianceType Type { get; }

    /// <summary>The kernels' compile-time mode for this type (<see cref="ICovarianceKind"/>): the M-step kernels' variant.</summary>
    public abstract Type Kind { get; }

    /// <summary>True when a chunk needs a buffer for projected points y = (x − c) U (tied's E-step runs on them).</summary>
    public virtual bool ProjectsPoints => false;

    /// <summary>
    /// True when points with missing entries (NaN) run on the device (<see cref="MarginalStatistics{T}"/>): diag and
    /// spherical, whose marginal is the complete-data density over the observed features. Full and tied need a
    /// Cholesky factor of Σ_oo per component and missingness pattern, which the host computes.
    /// </summary>
    public virtual bool MarginalizesOnDevice => false;

    /// <summary>Queues the pass that adds one chunk's statistics of points with missing entries, and their missing mass (<see cref="MarginalizesOnDevice"/> types only).</summary>
    /// <exception cref="NotSupportedException">The type's missing entries are marginalised on the host.</exception>
    public virtual void MarginalStatistics<T>(ChunkLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceChunk<T> chunk, LaunchLimits limits)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotSupportedException($"{Type} covariances marginalise missing entries on the host.");

    /// <summary>True when the precisions layout is used (d×kp); full reads the Cholesky factors instead.</summary>
    public virtual bool HasPrecisions => true;

    /// <summary>Padded Cholesky factors on the device, and matrices the M-step factorises: full k, tied 1, others none.</summary>
    public virtual int FactorCount(int k) => 0;

    /// <summary>Length of the means layout: d×kp, feature-major (full: k×d).</summary>
    public virtual long MeansLength(int k, int d, int kp) => (long)d * kp;

    /// <summary>Length of the device's second-order accumulator S: k×d per-feature sums (full k×d×d, tied d×d).</summary>
    public virtual long SecondOrderLength(int k, int d) => (long)k * d;

    /// <summary>Groups along y of a chunk's statistics pass: component tiles × 64-feature groups (full: one per component).</summary>
    public virtual int StatisticsGroups(int k, int d) => LaunchPlan.ComponentTileGroups(k, d);

    /// <summary>
    /// Writes <paramref name="model"/>'s means (about <paramref name="center"/>, d values), precisions and factors into
    /// the host layouts, zero-padded; the per-component constants and the centre are the same for every type.
    /// </summary>
    public abstract void WriteLayouts<T>(GaussianMixtureModel model, ReadOnlySpan<double> center, ParameterLayouts<T> layouts)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Adds the device's S (<see cref="SecondOrderLength"/> values) into the host statistics' second order (its layout per type).</summary>
    public virtual void AddSecondOrder(ReadOnlySpan<double> device, Span<double> host, int k, int d)
    {
        for (int i = 0; i < host.Length; i++) host[i] += device[i];
    }

    /// <summary>The query kernels' mode for this type (<see cref="IQueryFactors"/>): per-feature factors, or triangular (full, tied).</summary>
    public virtual Type QueryFactors => typeof(VarianceFactors);

    /// <summary>Values between two components' factors in the query layout (<see cref="WriteQueryFactors"/>): d, d² (full), 0 (tied).</summary>
    public virtual int QueryFactorStride(int d) => d;

    /// <summary>
    /// The model's precision factors in the query kernels' layout: its precision Cholesky values as they are (diag k×d 1/σ,
    /// full k×d×d and tied d×d upper U); spherical repeats each 1/σ over the features (k×d).
    /// </summary>
    public virtual T[] WriteQueryFactors<T>(GaussianMixtureModel model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var factors = model.PrecisionsCholeskySpan;
        var result = new T[factors.Length];
        for (int i = 0; i < result.Length; i++) result[i] = T.CreateTruncating(factors[i]);
        return result;
    }

    /// <summary>Queues the passes that add one chunk's statistics (N, F, S, Σ w log p, Σ w) under the parameters on the device.</summary>
    public abstract void Accumulate<T>(ChunkLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceChunk<T> chunk, LaunchLimits limits)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Queues the M-step's kernels: statistics in <paramref name="parameters"/> → the next model in its layouts.</summary>
    public abstract void MStep<T>(MStepLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceMStep<T> mstep, MStepArgs args)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
