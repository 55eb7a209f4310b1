using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// The M-step on the device (<see cref="MStepKernels{T, TOps}"/>) for one <see cref="DeviceParameters{T}"/>: the model in
/// float64 (weights k, means k×d, covariances by type) and the scratch of its factorisations stay on the device; the
/// host reads three scalars per iteration and downloads the model once, at the end.
/// </summary>
internal sealed class DeviceMStep<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceParameters<T> _p;
    private readonly KernelSet<T> _kernels;

    public DeviceMStep(Accelerator accelerator, KernelSet<T> kernels, DeviceParameters<T> parameters)
    {
        _p = parameters;
        _kernels = kernels;
        int k = parameters.K, d = parameters.D;
        int matrices = parameters.Covariance.FactorCount(k);
        try
        {
            Reference = accelerator.Allocate1D<double>((long)k * d);
            CenterD = accelerator.Allocate1D<double>(d);
            Weights = accelerator.Allocate1D<double>(k);
            Means = accelerator.Allocate1D<double>((long)k * d);
            Deltas = accelerator.Allocate1D<double>((long)k * d);
            Covariances = accelerator.Allocate1D<double>(SufficientStatistics.SecondOrderLength(parameters.Type, k, d));
            Scratch = accelerator.Allocate1D<double>(Math.Max(1, 2L * matrices * d * d));
            LogDet = accelerator.Allocate1D<double>(k);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The parameters whose statistics this M-step reads and whose layouts it rewrites.</summary>
    public DeviceParameters<T> Parameters => _p;

    /// <summary>k×d: the rows the statistics were taken about (centre + shifted mean), for a host rerun.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Reference { get; }
    /// <summary>d: the statistics' centre in float64, for a host rerun.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> CenterD { get; }
    /// <summary>k: the mixture weights.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Weights { get; }
    /// <summary>k×d: the means.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Means { get; }
    /// <summary>k×d: F/N_k, the means' offsets from the reference rows.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Deltas { get; }
    /// <summary>The covariances in the host model's layout (full k×d×d, tied d×d, diag k×d, spherical k).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Covariances { get; }
    /// <summary>2·d² per factorised matrix: its Cholesky factor L, then X = L⁻¹ (both lower, row-major).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> Scratch { get; }
    /// <summary>k: log det U of each component's precision factor (tied: entry 0).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> LogDet { get; }

    /// <summary>X = L⁻¹ of the first factorised matrix (tied's projection reads it), or the whole scratch when there is none.</summary>
    public ArrayView<double> FirstInverse
    {
        get
        {
            long dd = (long)_p.D * _p.D;
            return Scratch.Length >= 2 * dd ? Scratch.View.SubView(dd, dd) : Scratch.View;
        }
    }

    /// <summary>
    /// Queues the M-step on <paramref name="stream"/> after the pass that filled the accumulators: the next model
    /// replaces the current one in every E-step layout. The flag count lands in <see cref="DeviceParameters{T}.Totals"/>;
    /// when it is not zero the layouts are unusable and the host must rerun the M-step (<see cref="DownloadStatistics"/>).
    /// </summary>
    public void Launch(AcceleratorStream stream, double regularization, long pointCount)
    {
        var p = _p;
        var args = new MStepArgs
        {
            K = p.K,
            D = p.D,
            Kp = p.Kp,
            CholeskyStride = p.CholeskyStride,
            Regularization = regularization,
            PointCount = pointCount,
            HalfDLogTwoPi = 0.5 * p.D * Math.Log(2 * Math.PI),
        };
        p.Covariance.MStep(_kernels.MStep, stream, p, this, args);
    }

    /// <summary>The last pass's statistics about the reference they were taken from, for the host M-step (device idle).</summary>
    public SufficientStatistics DownloadStatistics(long pointCount)
    {
        var statistics = SufficientStatistics.Create(_p.Type, CenterD.GetAsArray1D(), Reference.GetAsArray1D());
        _p.Download(statistics);
        statistics.PointCount = pointCount;
        return statistics;
    }

    /// <summary>The model of the last successful device M-step (device idle).</summary>
    public GaussianMixtureModel DownloadModel() =>
        new(_p.Type, Weights.GetAsArray1D(), Means.GetAsArray1D(), Covariances.GetAsArray1D());

    /// <summary>Device bytes of the M-step's buffers (they share the memory budget with resident data).</summary>
    public long Bytes => Reference.LengthInBytes + CenterD.LengthInBytes + Weights.LengthInBytes + Means.LengthInBytes
        + Deltas.LengthInBytes + Covariances.LengthInBytes + Scratch.LengthInBytes + LogDet.LengthInBytes;

    public void Dispose()
    {
        Reference?.Dispose();
        CenterD?.Dispose();
        Weights?.Dispose();
        Means?.Dispose();
        Deltas?.Dispose();
        Covariances?.Dispose();
        Scratch?.Dispose();
        LogDet?.Dispose();
    }
}
