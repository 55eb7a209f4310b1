namespace Gmm;

/// <summary>
/// The mixture's components restricted to the observed coordinates of a point whose missing entries are NaN
/// (Ghahramani &amp; Jordan 1994): the marginal log-density of the observed coordinates, the conditional mean of the
/// missing ones, and the expected sufficient statistics of the point, per component. Computed in float64 from the
/// model's weights, means and covariances. One instance serves one thread (it may cache per missingness pattern).
/// </summary>
internal abstract class MarginalGaussians
{
    /// <summary>½ log 2π.</summary>
    protected const double HalfLogTwoPi = 0.91893853320467274178;

    protected MarginalGaussians(GaussianMixtureModel model)
    {
        Model = model;
        ComponentCount = model.ComponentCount;
        Dimension = model.Dimension;
        LogWeights = new double[ComponentCount];
        for (int c = 0; c < ComponentCount; c++) LogWeights[c] = Math.Log(model.WeightsArray[c]);
    }

    /// <summary>The mixture.</summary>
    protected GaussianMixtureModel Model { get; }

    /// <summary>k.</summary>
    protected int ComponentCount { get; }

    /// <summary>d.</summary>
    protected int Dimension { get; }

    /// <summary>log π_k (k).</summary>
    protected double[] LogWeights { get; }

    /// <summary>
    /// The evaluator of <paramref name="model"/>'s covariance type: per coordinate for diagonal and spherical, per
    /// missingness pattern (the conditional Gaussian of the observed block) for full and tied.
    /// </summary>
    public static MarginalGaussians For(GaussianMixtureModel model) =>
        model.CovarianceType is CovarianceType.Full or CovarianceType.Tied
            ? new MatrixMarginals(model)
            : new VarianceMarginals(model);

    /// <summary>log π_k + log N(x_o | μ_k,o, Σ_k,oo) for every component k (k values; NaN entries of <paramref name="row"/> (d) are missing).</summary>
    public abstract void LogProbabilities(ReadOnlySpan<double> row, Span<double> destination);

    /// <summary>E[x | x_o, component] (d): the observed entries as they are, the missing ones their conditional mean.</summary>
    public abstract void ConditionalMean(ReadOnlySpan<double> row, int component, Span<double> destination);

    /// <summary>
    /// Adds the point's expected sufficient statistics, weighted by w·r_k, into <paramref name="statistics"/>: N_k,
    /// F_k = E[x − ref_k], and S from E[(x − ref_k)(x − ref_k)ᵀ] = (x̂_k − ref_k)(x̂_k − ref_k)ᵀ + the conditional
    /// covariance of the missing block (shaped by covariance type; tied about its shared reference). The scalars are
    /// not touched.
    /// </summary>
    public abstract void AddStatistics(ReadOnlySpan<double> row, ReadOnlySpan<double> responsibilities, double weight, SufficientStatistics statistics);

    /// <summary>Turns log π_k p(x_o | k) (k values) into posteriors in place and returns log p(x_o) (log-sum-exp).</summary>
    public static double Normalize(Span<double> logProbabilities)
    {
        double max = double.NegativeInfinity;
        foreach (double v in logProbabilities) max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max))
        {
            logProbabilities.Fill(double.NaN);
            return max;
        }
        double sum = 0;
        foreach (double v in logProbabilities) sum += Math.Exp(v - max);
        double total = max + Math.Log(sum);
        for (int c = 0; c < logProbabilities.Length; c++) logProbabilities[c] = Math.Exp(logProbabilities[c] - total);
        return total;
    }

    /// <summary>The mixture's conditional mean of <paramref name="row"/>: Σ_k r_k E[x | x_o, k] with r the posteriors of the observed coordinates.</summary>
    public void Impute(ReadOnlySpan<double> row, Span<double> destination, Span<double> scratch)
    {
        var posteriors = scratch[..ComponentCount];
        var component = scratch.Slice(ComponentCount, Dimension);
        LogProbabilities(row, posteriors);
        Normalize(posteriors);
        destination.Clear();
        for (int c = 0; c < ComponentCount; c++)
        {
            ConditionalMean(row, c, component);
            for (int j = 0; j < Dimension; j++) destination[j] += posteriors[c] * component[j];
        }
        for (int j = 0; j < Dimension; j++)
            if (!double.IsNaN(row[j])) destination[j] = row[j]; // observed entries unchanged, exactly
    }
}
