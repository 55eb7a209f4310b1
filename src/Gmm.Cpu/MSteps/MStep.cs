namespace Gmm;

/// <summary>
/// Statistics → model, the same for every backend (scikit-learn's _estimate_gaussian_parameters plus reg_covar).
/// Components whose weight vanished are dropped; covariances that are not positive definite get more regularisation.
/// Both are reported as warnings.
/// </summary>
internal static class MStep
{
    /// <summary>A component with N_k below this fraction of an average point's weight is considered empty.</summary>
    public const double EmptyComponentFraction = 1e-6;

    public static GaussianMixtureModel Apply(SufficientStatistics stats, double regCovar, List<FitWarning> warnings, int initialization, int iteration)
    {
        int k = stats.ComponentCount, d = stats.Dimension;
        double emptyBelow = EmptyComponentFraction * stats.WeightSum / Math.Max(stats.PointCount, 1);
        var keep = new List<int>(k);
        for (int c = 0; c < k; c++)
        {
            if (stats.ZerothOrder[c] >= emptyBelow && double.IsFinite(stats.ZerothOrder[c])) keep.Add(c);
            else warnings.Add(new FitWarning(FitWarningKind.ComponentDropped, initialization, iteration, c,
                $"Component {c} lost all its points (N_k = {stats.ZerothOrder[c]:G3}) and was removed from the mixture. Fewer components or another initialisation may fit better."));
        }
        if (keep.Count == 0) throw new InvalidOperationException("Every component lost its points; the data's weights are degenerate.");

        int kk = keep.Count;
        const double nkEpsilon = 10 * 2.220446049250313e-16; // scikit-learn adds 10·eps (float64) to N_k
        var nk = new double[kk];
        var weights = new double[kk];
        var means = new double[kk * d];
        var deltas = new double[kk * d]; // mean − reference
        double nkSum = 0;
        for (int i = 0; i < kk; i++)
        {
            int c = keep[i];
            nk[i] = stats.ZerothOrder[c] + nkEpsilon;
            nkSum += nk[i];
            for (int j = 0; j < d; j++)
            {
                double delta = stats.FirstOrder[c * d + j] / nk[i];
                deltas[i * d + j] = delta;
                means[i * d + j] = stats.Reference[c * d + j] + delta;
            }
        }
        for (int i = 0; i < kk; i++) weights[i] = nk[i] / nkSum;

        var definition = CovarianceDefinition.For(stats.CovarianceType);
        var covariances = new double[definition.CovarianceLength(kk, d)];
        definition.Estimate(stats, keep.ToArray(), nk, nkSum, deltas, regCovar, covariances, new MaximizationContext(warnings, initialization, iteration));
        return new GaussianMixtureModel(stats.CovarianceType, weights, means, covariances);
    }
}
