// Diagonal covariance on the device: the diagonal-family kernels, precisions 1/σ² per feature.
using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU.Runtime;

namespace Gmm.Gpu.Covariance;

/// <summary><see cref="CovarianceType.Diagonal"/> on the device (and the base of spherical, which differs only in its precisions and S).</summary>
internal class DeviceDiagonalCovariance : DeviceCovariance
{
    /// <inheritdoc />
    public override CovarianceType Type => CovarianceType.Diagonal;

    /// <inheritdoc />
    public override Type Kind => typeof(DiagonalKind);

    /// <summary>The precision Cholesky value of component c, feature j (1/σ): diag's c·d + j, spherical's c.</summary>
    protected virtual double PrecisionCholesky(ReadOnlySpan<double> precisionsCholesky, int c, int j, int d) => precisionsCholesky[c * d + j];

    /// <inheritdoc />
    public override void WriteLayouts<T>(GaussianMixtureModel model, ReadOnlySpan<double> center, ParameterLayouts<T> layouts)
    {
        int k = model.ComponentCount, d = model.Dimension, kp = layouts.Kp;
        var means = model.MeansSpan;
        var pc = model.PrecisionsCholeskySpan;
        Array.Clear(layouts.Means);
        Array.Clear(layouts.Precisions);
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                double p = PrecisionCholesky(pc, c, j, d);
                layouts.Means[j * kp + c] = T.CreateTruncating(means[c * d + j] - center[j]);
                layouts.Precisions[j * kp + c] = T.CreateTruncating(p * p);
            }
    }

    /// <inheritdoc />
    public override void Accumulate<T>(ChunkLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceChunk<T> chunk, LaunchLimits limits)
    {
        if (!parameters.FusesLogSumExp) launchers.DiagonalLogSumExp(stream, parameters, chunk, limits); // k > 64: a first pass over all component tiles
        launchers.DiagonalStatistics(stream, parameters, chunk, limits);
    }

    /// <inheritdoc />
    public override bool MarginalizesOnDevice => true;

    /// <inheritdoc />
    public override void MarginalStatistics<T>(ChunkLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceChunk<T> chunk, LaunchLimits limits) =>
        launchers.MaskedDiagonalStatistics(stream, parameters, chunk, limits);

    /// <inheritdoc />
    public override void MStep<T>(MStepLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceMStep<T> mstep, MStepArgs args)
    {
        launchers.Moments(stream, parameters, mstep, args);
        launchers.Center(stream, parameters, mstep, args);
        launchers.Layout(stream, parameters, mstep, args);
    }
}
