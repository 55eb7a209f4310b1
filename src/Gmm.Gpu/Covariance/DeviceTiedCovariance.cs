// Tied covariance on the device: points projected by the shared factor, then the diagonal family on them with unit
// precisions; the scatter about the centre through the full-family kernels.
using System.Numerics;
using Gmm.Gpu.Kernels;
using ILGPU.Runtime;

namespace Gmm.Gpu.Covariance;

/// <summary>
/// <see cref="CovarianceType.Tied"/> on the device: y = (x − c) U, the E-step and N, F on the projected points, and
/// the scatter S = Σ w (x − c)(x − c)ᵀ.
/// </summary>
internal sealed class DeviceTiedCovariance : DeviceCovariance
{
    /// <inheritdoc />
    public override CovarianceType Type => CovarianceType.Tied;

    /// <inheritdoc />
    public override Type Kind => typeof(TiedKind);

    /// <inheritdoc />
    public override bool ProjectsPoints => true;

    /// <inheritdoc />
    public override int FactorCount(int k) => 1;

    /// <inheritdoc />
    public override long SecondOrderLength(int k, int d) => (long)d * d;

    /// <summary>The shared factor U (upper, padded), the projected means (μ − c) U (d×kp) and unit precisions.</summary>
    public override void WriteLayouts<T>(GaussianMixtureModel model, double[] center, ParameterLayouts<T> layouts)
    {
        int k = model.ComponentCount, d = model.Dimension, kp = layouts.Kp, stride = layouts.CholeskyStride;
        var means = model.MeansArray;
        var pc = model.PrecisionsCholeskyArray;
        Array.Clear(layouts.Means);
        Array.Clear(layouts.Precisions);
        Array.Clear(layouts.Cholesky);
        for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++) layouts.Cholesky[j * stride + i] = T.CreateTruncating(pc[j * d + i]);
        for (int c = 0; c < k; c++)
            for (int i = 0; i < d; i++)
            {
                double sum = 0;
                for (int j = 0; j <= i; j++) sum += (means[c * d + j] - center[j]) * pc[j * d + i];
                layouts.Means[i * kp + c] = T.CreateTruncating(sum);
                layouts.Precisions[i * kp + c] = T.One;
            }
    }

    /// <inheritdoc />
    public override void Accumulate<T>(ChunkLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceChunk<T> chunk, LaunchLimits limits)
    {
        launchers.TiedProjection(stream, parameters, chunk, limits);
        if (!parameters.FusesLogSumExp) launchers.TiedLogSumExp(stream, parameters, chunk, limits);
        launchers.TiedStatistics(stream, parameters, chunk, limits);
        launchers.TiedScatter(stream, parameters, chunk, limits);
    }

    /// <inheritdoc />
    public override void MStep<T>(MStepLaunchers<T> launchers, AcceleratorStream stream, DeviceParameters<T> parameters,
        DeviceMStep<T> mstep, MStepArgs args)
    {
        launchers.Moments(stream, parameters, mstep, args);
        launchers.TiedCovariance(stream, parameters, mstep, args);
        launchers.Factor(stream, parameters, mstep, args);
        launchers.Center(stream, parameters, mstep, args);
        launchers.Layout(stream, parameters, mstep, args);
    }
}
