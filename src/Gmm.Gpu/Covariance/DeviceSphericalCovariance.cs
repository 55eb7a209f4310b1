// Spherical covariance on the device: the diagonal family with one precision per component, repeated over features.
namespace Gmm.Gpu.Covariance;

/// <summary><see cref="CovarianceType.Spherical"/> on the device: diagonal's kernels and passes with σ shared by the features.</summary>
internal sealed class DeviceSphericalCovariance : DeviceDiagonalCovariance
{
    /// <inheritdoc />
    public override CovarianceType Type => CovarianceType.Spherical;

    /// <inheritdoc />
    public override Type Kind => typeof(Kernels.SphericalKind);

    /// <inheritdoc />
    protected override double PrecisionCholesky(ReadOnlySpan<double> precisionsCholesky, int c, int j, int d) => precisionsCholesky[c];

    /// <summary>The kernels accumulate S per feature (k×d); the host's spherical S is their sum per component (k).</summary>
    public override void AddSecondOrder(ReadOnlySpan<double> device, Span<double> host, int k, int d)
    {
        for (int c = 0; c < k; c++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++) sum += device[c * d + j];
            host[c] += sum;
        }
    }

    public override T[] WriteQueryFactors<T>(GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var factors = model.PrecisionsCholeskySpan;
        var result = new T[k * d];
        for (int c = 0; c < k; c++) result.AsSpan(c * d, d).Fill(T.CreateTruncating(factors[c]));
        return result;
    }
}
