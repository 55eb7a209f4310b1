namespace Gmm;

/// <summary>
/// Whether float32 statistics can resolve a tied covariance. Every backend sums the tied scatter about one shared
/// point, Σ w (x − c)(x − c)ᵀ, and the M-step subtracts the spread of the means from it (as scikit-learn does); when
/// the means lie far apart beside the clusters' own spread the subtraction cancels the float32 sums' leading digits
/// (the README's Semantics section gives an example), and the CPU and GPU backends then disagree by as much.
/// Full, diagonal and spherical statistics are taken about each component's own mean and do not cancel.
/// </summary>
internal static class TiedPrecision
{
    /// <summary>Warn when float32 rounding, magnified by the cancellation, may exceed this relative error.</summary>
    public const double WarnAbove = 1e-4;

    private const double UnitRoundoff = 1.0 / (1 << 24); // float32

    /// <summary>
    /// Per feature j, the cancellation ratio (Σ π_k (μ_kj − c_j)² + Σ_jj) / Σ_jj of a tied model (c = Σ π_k μ_k); 1 for
    /// other covariance types. Its product with float32's unit roundoff is the relative accuracy lost.
    /// </summary>
    public static (double Ratio, int Feature) WorstRatio(GaussianMixtureModel model)
    {
        if (!model.Definition.SharedSecondOrder) return (1, -1); // only the shared scatter cancels
        int k = model.ComponentCount, d = model.Dimension;
        var weights = model.WeightsArray;
        var means = model.MeansArray;
        var covariance = model.CovariancesArray;
        (double Ratio, int Feature) worst = (1, -1);
        for (int j = 0; j < d; j++)
        {
            double center = 0, between = 0;
            for (int c = 0; c < k; c++) center += weights[c] * means[c * d + j];
            for (int c = 0; c < k; c++) between += weights[c] * (means[c * d + j] - center) * (means[c * d + j] - center);
            double within = covariance[j * d + j];
            double ratio = (between + within) / within;
            if (ratio > worst.Ratio) worst = (ratio, j);
        }
        return worst;
    }

    /// <summary>Adds a <see cref="FitWarningKind.PrecisionLoss"/> warning when a float32 fit's tied model is affected.</summary>
    public static void Check(GaussianMixtureModel model, List<FitWarning> warnings, int initialization, int iteration)
    {
        var (ratio, feature) = WorstRatio(model);
        if (ratio * UnitRoundoff <= WarnAbove) return;
        double error = 3 * ratio * UnitRoundoff; // ratio·u magnified about 3 times by the accumulation (calibrated on the README's tied example)
        string accuracy = error < 1 ? $"may be off by up to about {error:P1}" : "may be wrong entirely";
        warnings.Add(new FitWarning(FitWarningKind.PrecisionLoss, initialization, iteration, -1,
            $"The tied covariance is small beside the spread of the component means ({ratio:G3}× in feature {feature}): computed from float32 statistics it {accuracy}. Fit with Precision = Double (gmm: --precision double)."));
    }
}
