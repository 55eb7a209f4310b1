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

        var covariances = new double[SufficientStatistics.SecondOrderLength(stats.CovarianceType, kk, d)];
        switch (stats.CovarianceType)
        {
            case CovarianceType.Full:
                for (int i = 0; i < kk; i++)
                {
                    int c = keep[i];
                    var cov = covariances.AsSpan(i * d * d, d * d);
                    var s = stats.SecondOrder.AsSpan(c * d * d, d * d);
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++)
                            cov[a * d + b] = 0.5 * (s[a * d + b] + s[b * d + a]) / nk[i] - deltas[i * d + a] * deltas[i * d + b];
                    FinishMatrix(cov, d, regCovar, keep[i], warnings, initialization, iteration);
                }
                break;
            case CovarianceType.Tied:
                {
                    var cov = covariances.AsSpan();
                    var s = stats.SecondOrder;
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++)
                        {
                            double between = 0;
                            for (int i = 0; i < kk; i++) between += nk[i] * deltas[i * d + a] * deltas[i * d + b];
                            cov[a * d + b] = (0.5 * (s[a * d + b] + s[b * d + a]) - between) / nkSum;
                        }
                    FinishMatrix(cov, d, regCovar, -1, warnings, initialization, iteration);
                }
                break;
            case CovarianceType.Diagonal:
                for (int i = 0; i < kk; i++)
                {
                    int c = keep[i];
                    for (int j = 0; j < d; j++)
                    {
                        double delta = deltas[i * d + j];
                        covariances[i * d + j] = stats.SecondOrder[c * d + j] / nk[i] - delta * delta;
                    }
                    FinishVariances(covariances.AsSpan(i * d, d), regCovar, c, warnings, initialization, iteration);
                }
                break;
            case CovarianceType.Spherical:
                for (int i = 0; i < kk; i++)
                {
                    int c = keep[i];
                    double squared = 0;
                    for (int j = 0; j < d; j++) squared += deltas[i * d + j] * deltas[i * d + j];
                    covariances[i] = (stats.SecondOrder[c] / nk[i] - squared) / d;
                    FinishVariances(covariances.AsSpan(i, 1), regCovar, c, warnings, initialization, iteration);
                }
                break;
        }
        return new GaussianMixtureModel(stats.CovarianceType, weights, means, covariances);
    }

    private static void FinishVariances(Span<double> variances, double regCovar, int component, List<FitWarning> warnings, int initialization, int iteration)
    {
        bool collapsed = false;
        for (int j = 0; j < variances.Length; j++)
        {
            if (!(variances[j] > regCovar * 1e-3)) { collapsed = true; variances[j] = Math.Max(variances[j], 0); }
            variances[j] += regCovar;
            if (!(variances[j] > 0))
            {
                variances[j] = Math.Max(regCovar, 1e-12);
                AddOnce(warnings, FitWarningKind.RegularizationIncreased, initialization, iteration, component,
                    $"Component {component} has a zero variance and reg_covar is 0; a floor of 1e-12 was used. Set reg_covar > 0.");
            }
        }
        if (collapsed)
            AddOnce(warnings, FitWarningKind.ComponentCollapsed, initialization, iteration, component,
                $"Component {component} collapsed: a variance fell to the regularisation floor (reg_covar = {regCovar:G3}). It may sit on a single point; try fewer components or a larger reg_covar.");
    }

    private static void FinishMatrix(Span<double> cov, int d, double regCovar, int component, List<FitWarning> warnings, int initialization, int iteration)
    {
        double trace = 0;
        for (int a = 0; a < d; a++) trace += Math.Max(cov[a * d + a], 0);
        bool collapsed = trace <= regCovar * 1e-3 * d;
        for (int a = 0; a < d; a++) cov[a * d + a] += regCovar;
        string who = component < 0 ? "The tied covariance" : $"Component {component}";
        if (collapsed)
            AddOnce(warnings, FitWarningKind.ComponentCollapsed, initialization, iteration, component,
                $"{who} collapsed: its covariance fell to the regularisation floor (reg_covar = {regCovar:G3}). It may sit on a single point; try fewer components or a larger reg_covar.");

        Span<double> scratch = new double[d * d];
        double jitter = Math.Max(regCovar, Math.Max(trace / d, 1) * 1e-10);
        for (int attempt = 0; !CovarianceMath.TryCholesky(cov, d, scratch); attempt++)
        {
            if (attempt > 40) throw new InvalidOperationException($"{who} could not be made positive definite; the data may hold NaN or Inf.");
            for (int a = 0; a < d; a++) cov[a * d + a] += jitter;
            AddOnce(warnings, FitWarningKind.RegularizationIncreased, initialization, iteration, component,
                $"{who} had an ill-defined empirical covariance; extra regularisation was added to its diagonal. Try decreasing the number of components or increasing reg_covar.");
            jitter *= 10;
        }
    }

    private static void AddOnce(List<FitWarning> warnings, FitWarningKind kind, int initialization, int iteration, int component, string message)
    {
        foreach (var w in warnings)
            if (w.Kind == kind && w.Component == component && w.Initialization == initialization) return;
        warnings.Add(new FitWarning(kind, initialization, iteration, component, message));
    }
}
