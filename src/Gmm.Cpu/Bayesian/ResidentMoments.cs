using System.Numerics;

namespace Gmm;

/// <summary>
/// The weighted mean of data that stays where it is (<see cref="IResidentDataSource{T}"/>), and its scatter about that
/// mean, from the fit's backend: the E-step of a one-component mixture gives every point responsibility 1, so its
/// statistics are Σ w, Σ w (x − ref) and the scatter about ref — the sums the priors need, taken where the points are
/// instead of streaming them to the host. Two passes, as the host's: the first about one of the points (the mean), the
/// second about that mean (the scatter, as <see cref="BayesianPriors"/> takes it about the mean).
/// </summary>
internal static class ResidentMoments
{
    /// <summary>The weighted mean (d) and the statistics of the second pass, shaped by <paramref name="type"/>, about the mean rounded to <typeparamref name="T"/>.</summary>
    public static (double[] Mean, SufficientStatistics AboutMean) Compute<T>(IResidentDataSource<T> data, IEmBackend<T> backend, CovarianceType type)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var first = data.GetChunks(1).First();
        var point = new double[data.Dimension];
        for (int j = 0; j < point.Length; j++) point[j] = double.CreateTruncating(first.Values.Span[j]);
        var mean = Mean(Pass(data, backend, type, point));
        var aboutMean = Pass(data, backend, type, mean);
        return (Mean(aboutMean), aboutMean);
    }

    /// <summary>The statistics of every point under one component at <paramref name="center"/> with identity covariance.</summary>
    private static SufficientStatistics Pass<T>(IResidentDataSource<T> data, IEmBackend<T> backend, CovarianceType type, double[] center)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var definition = CovarianceDefinition.For(type);
        var covariance = new double[definition.CovarianceLength(1, center.Length)];
        definition.AddIdentity(covariance, center.Length, 1);
        var model = new GaussianMixtureModel(type, [1.0], center, covariance);
        var statistics = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, data, statistics);
        return statistics;
    }

    /// <summary>ref + Σ w (x − ref) / Σ w.</summary>
    private static double[] Mean(SufficientStatistics statistics)
    {
        var mean = new double[statistics.Dimension];
        for (int j = 0; j < mean.Length; j++) mean[j] = statistics.ReferenceArray[j] + statistics.FirstOrder[j] / statistics.ZerothOrder[0];
        return mean;
    }
}
