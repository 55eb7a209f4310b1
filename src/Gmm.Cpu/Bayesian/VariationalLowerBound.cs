namespace Gmm;

/// <summary>
/// scikit-learn's BayesianGaussianMixture lower bound (its _compute_lower_bound, the ELBO up to a constant, summed over
/// the points, not a mean): −Σ r log r − log W − log C − ½d Σ_k log β_k under the posterior after the M-step, with
/// the responsibilities r of the E-step before it, W the Wishart normalisers and C the weight prior's normaliser.
/// <para>
/// Σ_n w_n Σ_k r_nk log r_nk comes from the statistics, so that backends need not compute it: with p̃ the E-step
/// model's weighted densities, log r_nk = log p̃_k(x_n) − log p̃(x_n), and Σ_n w_n Σ_k r_nk log p̃_k(x_n) is a linear
/// function of (N, F, S), while Σ_n w_n log p̃(x_n) is the E-step's log-likelihood.
/// </para>
/// </summary>
internal static class VariationalLowerBound
{
    /// <summary>The lower bound of <paramref name="posterior"/> (after the M-step) given the E-step's −Σ w r log r.</summary>
    public static double Evaluate(BayesianGaussianMixtureModel posterior, double responsibilityEntropy)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        int k = posterior.ComponentCount, d = posterior.Dimension;
        var logDet = posterior.PointEstimate.LogDetArray;   // log |U_k| = ½ log |Σ_k⁻¹|

        // Wishart normalisers, with scikit-learn's simplifications: log|W_k|/2 = log|U_k| − ½ d log ν_k, and no log π term.
        double logWishart = 0;
        int matrices = posterior.CovarianceType == CovarianceType.Tied ? 1 : k;
        for (int c = 0; c < matrices; c++)
        {
            double nu = posterior.DegreesOfFreedomArray[c];
            double logDetCholesky = logDet[c] - 0.5 * d * Math.Log(nu);
            double norm = nu * logDetCholesky + nu * d * 0.5 * Math.Log(2.0);
            for (int j = 0; j < d; j++) norm += SpecialFunctions.LogGamma(0.5 * (nu - j));
            logWishart -= norm;
        }
        if (posterior.CovarianceType == CovarianceType.Tied) logWishart *= k;

        var a = posterior.WeightConcentrationArray;
        double logNormWeight;
        if (posterior.WeightConcentrationPriorType == WeightConcentrationPriorType.DirichletProcess)
        {
            var b = posterior.WeightConcentrationRestArray;
            logNormWeight = 0;
            for (int c = 0; c < k; c++) logNormWeight -= SpecialFunctions.LogBeta(a[c], b[c]);
        }
        else
        {
            logNormWeight = SpecialFunctions.LogGamma(a.Sum());
            for (int c = 0; c < k; c++) logNormWeight -= SpecialFunctions.LogGamma(a[c]);
        }

        double logMeanPrecision = 0;
        for (int c = 0; c < k; c++) logMeanPrecision += Math.Log(posterior.MeanPrecisionArray[c]);
        return responsibilityEntropy - logWishart - logNormWeight - 0.5 * d * logMeanPrecision;
    }

    /// <summary>
    /// −Σ_n w_n Σ_k r_nk log r_nk of the E-step that produced <paramref name="stats"/> under <paramref name="eStepModel"/>:
    /// Σ_n w_n log p̃(x_n) − Σ_k [N_k (log π̃_k + log|U_k| − ½ d log 2π) − ½ Q_k], with
    /// Q_k = Σ_n w_n r_nk (x_n − μ_k)ᵀ Σ_k⁻¹ (x_n − μ_k) expanded about the statistics' reference points.
    /// </summary>
    public static double ResponsibilityEntropy(SufficientStatistics stats, GaussianMixtureModel eStepModel)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(eStepModel);
        int k = stats.ComponentCount, d = stats.Dimension;
        if (eStepModel.ComponentCount != k || eStepModel.Dimension != d || eStepModel.CovarianceType != stats.CovarianceType)
            throw new ArgumentException("The statistics were not taken under this model.", nameof(eStepModel));
        double halfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
        var precisions = eStepModel.ComputePrecisions();
        var means = eStepModel.MeansArray;
        var offset = new double[d];   // e_k = μ_k − reference_k
        double expected = 0;          // Σ_k Σ_n w r log p̃_k(x_n)
        double tiedQuadratic = 0;
        for (int c = 0; c < k; c++)
        {
            double n = stats.ZerothOrder[c];
            if (n == 0) continue;     // 0 · log π̃ = 0 even where π̃ underflowed
            for (int j = 0; j < d; j++) offset[j] = means[c * d + j] - stats.Reference[c * d + j];
            var f = stats.FirstOrder.AsSpan(c * d, d);
            double quadratic;
            switch (stats.CovarianceType)
            {
                case CovarianceType.Full:
                    quadratic = MatrixQuadratic(precisions.AsSpan(c * d * d, d * d), stats.SecondOrder.AsSpan(c * d * d, d * d), f, offset, n, d);
                    break;
                case CovarianceType.Tied:
                    // The shared S is summed over all points (Σ_k r = 1): its trace term is added once, below.
                    quadratic = MatrixQuadratic(precisions, default, f, offset, n, d);
                    break;
                case CovarianceType.Diagonal:
                    quadratic = 0;
                    for (int j = 0; j < d; j++)
                        quadratic += precisions[c * d + j] * (stats.SecondOrder[c * d + j] - 2 * offset[j] * f[j] + n * offset[j] * offset[j]);
                    break;
                default:
                    double cross = 0, squared = 0;
                    for (int j = 0; j < d; j++) { cross += offset[j] * f[j]; squared += offset[j] * offset[j]; }
                    quadratic = precisions[c] * (stats.SecondOrder[c] - 2 * cross + n * squared);
                    break;
            }
            expected += n * (Math.Log(eStepModel.WeightsArray[c]) + eStepModel.LogDetArray[c] - d * halfLogTwoPi) - 0.5 * quadratic;
        }
        if (stats.CovarianceType == CovarianceType.Tied)
        {
            for (int i = 0; i < d * d; i++) tiedQuadratic += precisions[i] * stats.SecondOrder[i];
            expected -= 0.5 * tiedQuadratic;
        }
        return stats.LogLikelihood - expected;
    }

    /// <summary>tr(P S) − 2 eᵀ P f + n eᵀ P e for a symmetric d×d P (S omitted when empty).</summary>
    private static double MatrixQuadratic(ReadOnlySpan<double> p, ReadOnlySpan<double> s, ReadOnlySpan<double> f, ReadOnlySpan<double> e, double n, int d)
    {
        double trace = 0, cross = 0, square = 0;
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
            {
                double pab = p[a * d + b];
                if (!s.IsEmpty) trace += pab * s[a * d + b];
                cross += e[a] * pab * f[b];
                square += e[a] * pab * e[b];
            }
        return trace - 2 * cross + n * square;
    }
}
