// Full covariance on the device: the full-family kernels (d ≤ 64 in one tile, beyond that in 64-feature blocks) on the
// per-component precision Cholesky factors.
using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU.Runtime;

namespace Gmm.Gpu.Covariance;

/// <summary><see cref="CovarianceType.Full"/> on the device: k padded factors U_k and means k×d about the centre.</summary>
internal sealed class DeviceFullCovariance : DeviceCovariance
{
    /// <inheritdoc />
    public override CovarianceType Type => CovarianceType.Full;

    /// <inheritdoc />
    public override Type Kind => typeof(FullKind);

    /// <inheritdoc />
    public override bool HasPrecisions => false;

    /// <inheritdoc />
    public override int FactorCount(int k) => k;

    /// <inheritdoc />
    public override long MeansLength(int k, int d, int kp) => (long)k * d;

    /// <inheritdoc />
    public override long SecondOrderLength(int k, int d) => (long)k * d * d;

    /// <inheritdoc />
    public override int StatisticsGroups(int k, int d) => k;

    /// <summary>Means k×d about the centre and the k factors U_k, each upper and zero-padded to P×P.</summary>
    public override void WriteLayouts<T>(GaussianMixtureModel model, ReadOnlySpan<double> center, ParameterLayouts<T> layouts)
    {
        int k = model.ComponentCount, d = model.Dimension, stride = layouts.CholeskyStride, block = stride * stride;
        var means = model.MeansSpan;
        var pc = model.PrecisionsCholeskySpan;
        Array.Clear(layouts.Cholesky);
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                layouts.Means[c * d + j] = T.CreateTruncating(means[c * d + j] - center[j]);
                for (int i = j; i < d; i++)
                    layouts.Cholesky[c * block + j * stride + i] = T.CreateTruncating(pc[(c * d + j) * d + i]);
            }
    }

    /// <inheritdoc />
    public override void Accumulate<T>(ChunkLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceChunk<T> chunk, LaunchLimits limits)
    {
        launchers.FullLogSumExp(stream, parameters, chunk, limits);
        launchers.FullStatistics(stream, parameters, chunk, limits);
    }

    /// <inheritdoc />
    public override void MStep<T>(MStepLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceMStep<T> mstep, MStepArgs args)
    {
        launchers.Moments(stream, parameters, mstep, args);
        launchers.Factor(stream, parameters, mstep, args);
        launchers.Center(stream, parameters, mstep, args);
        launchers.Layout(stream, parameters, mstep, args);
    }

    public override Type QueryFactors => typeof(TriangularFactors);

    public override int QueryFactorStride(int d) => d * d;
}
