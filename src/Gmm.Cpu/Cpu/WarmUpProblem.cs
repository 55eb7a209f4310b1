using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// The synthetic fit a <see cref="CpuKernelWarmUp"/> runs one EM iteration of: k components of d features with distinct
/// means (component c at c·(1, …, 1)), equal weights and unit covariances, and points around those means. Distinct
/// means and points near them take the paths a real fit's first iteration takes and a degenerate problem would not:
/// the diag kernel's component order along the means' principal axis (a power iteration that stops at once when every
/// mean is the same), responsibilities that are exactly 0 for far components next to ones that are not (the kernels'
/// skipped registers), and an M-step whose components all keep points.
/// </summary>
internal static class WarmUpProblem
{
    /// <summary>Distance of a point from its component's mean in each feature (±, alternating), in units of the unit covariance.</summary>
    private const double Spread = 0.25;

    /// <summary>k components of d features of <paramref name="type"/>: equal weights, mean of component c at c·(1, …, 1), unit covariances.</summary>
    public static GaussianMixtureModel Model(CovarianceType type, int k, int d)
    {
        var definition = CovarianceDefinition.For(type);
        var covariances = new double[definition.CovarianceLength(k, d)];
        for (int c = 0; c < (definition.SharedSecondOrder ? 1 : k); c++)
            definition.AddIdentity(definition.ComponentCovariance(covariances, c, d), d, 1.0);
        var weights = new double[k];
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            weights[c] = 1.0 / k;
            means.AsSpan(c * d, d).Fill(c);
        }
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    /// <summary>
    /// n points of d features (n×d, row-major): point r belongs to component r mod k and sits at its mean
    /// ± <see cref="Spread"/> in each feature, the signs alternating over the features and over the component's points.
    /// </summary>
    public static T[] Points<T>(int n, int k, int d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var points = new T[n * d];
        for (int r = 0; r < n; r++)
        {
            int component = r % k, turn = r / k;
            for (int j = 0; j < d; j++)
                points[r * d + j] = T.CreateTruncating(component + ((turn + j) % 2 == 0 ? Spread : -Spread));
        }
        return points;
    }
}
