using Gmm;
using Gmm.Tests.Gpu;

namespace Gmm.Tests.Missing;

/// <summary>Data with entries missing completely at random (MCAR), deterministic.</summary>
internal static class MissingData
{
    /// <summary>
    /// A copy of <paramref name="points"/> (n×d) with each entry set to NaN with probability <paramref name="fraction"/>,
    /// except that every point keeps at least one observed value (a point with none is an error, tested apart).
    /// </summary>
    public static double[] Mcar(double[] points, int d, double fraction, int seed)
    {
        var random = new Random(seed);
        var result = (double[])points.Clone();
        for (int i = 0; i < points.Length / d; i++)
        {
            int keep = random.Next(d);
            for (int j = 0; j < d; j++)
                if (j != keep && random.NextDouble() < fraction) result[i * d + j] = double.NaN;
        }
        return result;
    }

    /// <summary>n points drawn from <paramref name="model"/> (its own covariances), row-major.</summary>
    public static double[] Draw(GaussianMixtureModel model, int n, int seed) => model.Sample(n, seed).Points;

    /// <summary>A random model of the type (GpuTestData's) with components around <paramref name="offset"/>.</summary>
    public static GaussianMixtureModel Model(CovarianceType type, int k, int d, int seed, double offset = 3, double separation = 4) =>
        GpuTestData.Model(type, k, d, seed, offset, separation);

    /// <summary>
    /// A fit with missing values marginalised that starts from <paramref name="truth"/> (its k and covariance type) and
    /// runs exactly <paramref name="iterations"/> EM iterations, so that two backends run the same ones.
    /// </summary>
    public static GaussianMixtureOptions FixedIterations(GaussianMixtureModel truth, bool single, int iterations) => new()
    {
        ComponentCount = truth.ComponentCount,
        CovarianceType = truth.CovarianceType,
        Precision = single ? ComputePrecision.Single : ComputePrecision.Double,
        MissingValues = MissingValues.Marginalize,
        InitialParameters = InitialParameters.FromModel(truth),
        Tolerance = 0,
        MaxIterations = iterations,
    };
}
