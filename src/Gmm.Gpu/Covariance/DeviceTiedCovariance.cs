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

    /// <summary>The shared factor U (upper, padded), the model's projected means (μ − c) U transposed to d×kp, and unit precisions.</summary>
    public override void WriteLayouts<T>(GaussianMixtureModel model, ReadOnlySpan<double> center, ParameterLayouts<T> layouts)
    {
        int k = model.ComponentCount, d = model.Dimension, kp = layouts.Kp, stride = layouts.CholeskyStride;
        var pc = model.PrecisionsCholeskySpan;
        Array.Clear(layouts.Means);
        Array.Clear(layouts.Precisions);
        Array.Clear(layouts.Cholesky);
        for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++) layouts.Cholesky[j * stride + i] = T.CreateTruncating(pc[j * d + i]);
        var projected = new double[k * d];
        model.ProjectMeans(center, projected); // (μ − c) U, k×d, built by the model as for every backend
        for (int c = 0; c < k; c++)
            for (int i = 0; i < d; i++)
            {
                layouts.Means[i * kp + c] = T.CreateTruncating(projected[c * d + i]);
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

    public override Type QueryFactors => typeof(TriangularFactors);

    public override int QueryFactorStride(int d) => 0;
}
