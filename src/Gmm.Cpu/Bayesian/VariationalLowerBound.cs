namespace Gmm;

/// <summary>
/// scikit-learn's BayesianGaussianMixture lower bound (its _compute_lower_bound: the ELBO without its constant terms,
/// summed over the points, not a mean): −Σ r log r − log W − log C − ½d Σ_k log β_k under the posterior after the
/// M-step, with the responsibilities r of the E-step before it, W the Wishart normalisers (scikit-learn's simplified
/// form: log|W_k|/2 = log|U_k| − ½d log ν_k, no log π term) and C the weight posterior's normaliser.
/// </summary>
internal static class VariationalLowerBound
{
    /// <summary>The lower bound of <paramref name="posterior"/> given the E-step's −Σ_n w_n Σ_k r_nk log r_nk.</summary>
    public static double Evaluate(BayesianGaussianMixtureModel posterior, double responsibilityEntropy)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        int k = posterior.ComponentCount, d = posterior.Dimension;
        var logDet = posterior.PointEstimate.LogDetArray; // log |U_k| = ½ log |Σ_k⁻¹|
        var degrees = posterior.DegreesOfFreedomArray;    // one per covariance matrix: 1 when tied, else k

        double logWishart = 0;
        for (int m = 0; m < degrees.Length; m++)
        {
            double nu = degrees[m];
            double logDetCholesky = logDet[m] - 0.5 * d * Math.Log(nu);
            double norm = nu * logDetCholesky + nu * d * 0.5 * Math.Log(2.0);
            for (int j = 0; j < d; j++) norm += SpecialFunctions.LogGamma(0.5 * (nu - j));
            logWishart -= norm;
        }
        logWishart *= (double)k / degrees.Length; // the tied matrix is counted once per component, as scikit-learn does

        var weightPrior = WeightPrior.For(posterior.WeightConcentrationPriorType);
        double logNormWeight = weightPrior.LogNormalizer(posterior.WeightConcentrationArray, posterior.WeightConcentrationRestArray);

        double logMeanPrecision = 0;
        foreach (var beta in posterior.MeanPrecisionArray) logMeanPrecision += Math.Log(beta);
        return responsibilityEntropy - logWishart - logNormWeight - 0.5 * d * logMeanPrecision;
    }
}
