// The named launchers of the device M-step's kernels: each binds its kernel's views to DeviceParameters and DeviceMStep,
// picks the variant of the parameters' covariance type and sizes its grid.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>The kernels of the device M-step (<see cref="MStepKernels{T, TOps}"/>), one <see cref="MStepLauncher{T}"/> each.</summary>
internal sealed class MStepLaunchers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public MStepLaunchers(KernelSet<T> kernels)
    {
        Moments = (stream, p, m, args) =>
        {
            Check(p, m);
            kernels.MStepMoments.For(p.Covariance.Kind).Launch(stream, Groups(p.K), args, p.N.View, p.F.View, p.S.View, p.Means.View,
                p.Center.View, m.Reference.View, m.CenterD.View, m.Weights.View, m.Means.View, m.Deltas.View, m.Covariances.View);
        };
        TiedCovariance = (stream, p, m, args) =>
        {
            Check(p, m, CovarianceType.Tied);
            int entries = (int)(((long)p.D * p.D + MStepGroupSize - 1) / MStepGroupSize);
            kernels.MStepTiedCovariance.For().Launch(stream, Groups(entries), args, p.N.View, m.Deltas.View, p.S.View, m.Covariances.View);
        };
        Factor = (stream, p, m, args) =>
        {
            Check(p, m, CovarianceType.Full, CovarianceType.Tied);
            kernels.MStepFactor.For(p.Covariance.Kind).Launch(stream, Groups(p.Covariance.FactorCount(p.K)), args, m.Covariances.View,
                m.Scratch.View, m.LogDet.View, p.Cholesky.View, p.N.View, p.S.View);
        };
        Center = (stream, p, m, args) =>
        {
            Check(p, m);
            kernels.MStepCenter.For().Launch(stream, Groups(1), args, m.Weights.View, m.Means.View, p.Center.View);
        };
        Layout = (stream, p, m, args) =>
        {
            Check(p, m);
            kernels.MStepLayout.For(p.Covariance.Kind).Launch(stream, Groups(p.K), args, m.Weights.View, m.Means.View, m.Covariances.View,
                m.LogDet.View, m.FirstInverse, p.Center.View, p.Means.View, p.Precisions.View, p.Constants.View);
        };
    }

    /// <summary>Grid k: weights, means and (except tied) the regularised covariances from the statistics.</summary>
    public MStepLauncher<T> Moments { get; }

    /// <summary>Tied, grid ⌈d²/128⌉: the shared covariance before its check and reg_covar.</summary>
    public MStepLauncher<T> TiedCovariance { get; }

    /// <summary>Full (grid k) and tied (grid 1): the Cholesky factors, their inverses and log-determinants.</summary>
    public MStepLauncher<T> Factor { get; }

    /// <summary>Grid 1: the next statistics' centre.</summary>
    public MStepLauncher<T> Center { get; }

    /// <summary>Grid k: the next model in the E-step layouts.</summary>
    public MStepLauncher<T> Layout { get; }

    private static KernelConfig Groups(int count) => new(new Index1D(count), new Index1D(MStepGroupSize));

    private static void Check(DeviceParameters<T> p, DeviceMStep<T> m, params CovarianceType[] types)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(m);
        if (!ReferenceEquals(m.Parameters, p))
            throw new ArgumentException("The M-step's buffers were made for other device parameters.", nameof(m));
        if (types.Length > 0 && !types.Contains(p.Type))
            throw new ArgumentException($"This M-step kernel belongs to {string.Join(" and ", types)} covariances, not {p.Type}.", nameof(p));
    }
}
