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
        int matrices = parameters.Type switch { CovarianceType.Full => k, CovarianceType.Tied => 1, _ => 0 };
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

    private MemoryBuffer1D<double, Stride1D.Dense> Reference { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> CenterD { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> Weights { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> Means { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> Deltas { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> Covariances { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> Scratch { get; }
    private MemoryBuffer1D<double, Stride1D.Dense> LogDet { get; }

    /// <summary>
    /// Queues the M-step on <paramref name="stream"/> after the pass that filled the accumulators: the next model
    /// replaces the current one in every E-step layout. The flag count lands in <see cref="DeviceParameters{T}.Totals"/>;
    /// when it is not zero the layouts are unusable and the host must rerun the M-step (<see cref="DownloadStatistics"/>).
    /// </summary>
    public void Launch(AcceleratorStream stream, double regularization, long pointCount)
    {
        var p = _p;
        int k = p.K, d = p.D;
        var args = new MStepArgs
        {
            K = k,
            D = d,
            Kp = p.Kp,
            CholeskyStride = p.CholeskyStride,
            Type = (int)p.Type,
            Regularization = regularization,
            PointCount = pointCount,
            HalfDLogTwoPi = 0.5 * d * Math.Log(2 * Math.PI),
        };
        var group = new Index1D(MStepArgs.GroupSize);
        var perComponent = new KernelConfig(new Index1D(k), group);
        var single = new KernelConfig(new Index1D(1), group);
        ArrayView<double> n = p.N.View, cov = Covariances.View, scratch = Scratch.View;
        _kernels.MStepMoments.Launch(stream, perComponent, args, n, p.F.View, p.S.View, p.Means.View, p.Center.View,
            Reference.View, CenterD.View, Weights.View, Means.View, Deltas.View, cov);
        if (p.Type == CovarianceType.Tied)
        {
            var entries = new KernelConfig(new Index1D((int)(((long)d * d + MStepArgs.GroupSize - 1) / MStepArgs.GroupSize)), group);
            _kernels.MStepTiedCovariance.Launch(stream, entries, args, n, Deltas.View, p.S.View, cov);
        }
        if (p.Type is CovarianceType.Full or CovarianceType.Tied)
            _kernels.MStepFactor.Launch(stream, p.Type == CovarianceType.Full ? perComponent : single, args, cov, scratch, LogDet.View, p.Cholesky.View, n, p.S.View);
        _kernels.MStepCenter.Launch(stream, single, args, Weights.View, Means.View, p.Center.View);
        var factor = p.Type == CovarianceType.Tied ? scratch.SubView((long)d * d, (long)d * d) : scratch;
        _kernels.MStepLayout.Launch(stream, perComponent, args, Weights.View, Means.View, cov, LogDet.View, factor,
            p.Center.View, p.Means.View, p.Precisions.View, p.Constants.View);
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
