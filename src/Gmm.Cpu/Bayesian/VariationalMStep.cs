namespace Gmm;

/// <summary>
/// Statistics → variational posterior, the same for every backend (scikit-learn's BayesianGaussianMixture._m_step:
/// _estimate_weights, _estimate_means, _estimate_precisions). The Gaussian estimates it starts from (N_k, x̄_k and
/// the covariance S_k with reg_covar) are taken from (N, F, S) about the statistics' reference points, so the data's
/// offset from the origin costs no precision. No component is dropped: the prior keeps an empty one well defined.
/// </summary>
internal static class VariationalMStep
{
    /// <summary>scikit-learn adds 10·eps (float64) to every N_k.</summary>
    private const double CountEpsilon = 10 * 2.220446049250313e-16;

    public static BayesianGaussianMixtureModel Apply(SufficientStatistics stats, BayesianPriors priors,
        WeightConcentrationPriorType priorType, double regCovar)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(priors);
        int k = stats.ComponentCount, d = stats.Dimension;
        var type = stats.CovarianceType;
        if (priors.Dimension != d || priors.CovarianceType != type)
            throw new ArgumentException($"The priors ({priors.CovarianceType}, d = {priors.Dimension}) do not match the statistics ({type}, d = {d}).", nameof(priors));

        var nk = new double[k];
        var deltas = new double[k * d];      // x̄_k − reference_k
        var fromPrior = new double[k * d];   // x̄_k − m₀
        double nkSum = 0;
        for (int c = 0; c < k; c++)
        {
            nk[c] = stats.ZerothOrder[c] + CountEpsilon;
            nkSum += nk[c];
            for (int j = 0; j < d; j++)
            {
                double delta = stats.FirstOrder[c * d + j] / nk[c];
                deltas[c * d + j] = delta;
                fromPrior[c * d + j] = stats.Reference[c * d + j] - priors.MeanArray[j] + delta;
            }
        }

        // Weights: Beta sticks (1 + N_k, γ + Σ_{j>k} N_j) or Dirichlet γ + N_k.
        double gamma = priors.WeightConcentration;
        var concentration = new double[k];
        double[]? rest = null;
        if (priorType == WeightConcentrationPriorType.DirichletProcess)
        {
            rest = new double[k];
            double later = 0;
            for (int c = k - 1; c >= 0; c--)
            {
                concentration[c] = 1 + nk[c];
                rest[c] = gamma + later;
                later += nk[c];
            }
        }
        else
            for (int c = 0; c < k; c++) concentration[c] = gamma + nk[c];

        // Means: β_k = κ₀ + N_k, m_k = (κ₀ m₀ + N_k x̄_k)/β_k = m₀ + N_k (x̄_k − m₀)/β_k.
        double kappa = priors.MeanPrecision;
        var meanPrecision = new double[k];
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            meanPrecision[c] = kappa + nk[c];
            for (int j = 0; j < d; j++)
                means[c * d + j] = (kappa * priors.MeanArray[j] + nk[c] * (stats.Reference[c * d + j] + deltas[c * d + j])) / meanPrecision[c];
        }

        // Wishart: ν_k = ν₀ + N_k and covariance (Ψ₀ + N_k S_k + N_k κ₀/β_k (x̄_k − m₀)(x̄_k − m₀)ᵀ)/ν_k, by type.
        double nu0 = priors.DegreesOfFreedom;
        var psi = priors.CovarianceArray;
        var s = stats.SecondOrder;
        var covariances = new double[SufficientStatistics.SecondOrderLength(type, k, d)];
        double[] degrees;
        switch (type)
        {
            case CovarianceType.Full:
                degrees = new double[k];
                for (int c = 0; c < k; c++)
                {
                    degrees[c] = nu0 + nk[c];
                    double shrink = kappa / meanPrecision[c];
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++)
                        {
                            int o = c * d * d;
                            double sk = 0.5 * (s[o + a * d + b] + s[o + b * d + a]) / nk[c] - deltas[c * d + a] * deltas[c * d + b] + (a == b ? regCovar : 0);
                            covariances[o + a * d + b] = (psi[a * d + b] + nk[c] * (sk + shrink * fromPrior[c * d + a] * fromPrior[c * d + b])) / degrees[c];
                        }
                }
                break;
            case CovarianceType.Tied:
                {
                    double perComponent = nkSum / k;
                    degrees = [nu0 + perComponent];
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++)
                        {
                            double between = 0, spread = 0;
                            for (int c = 0; c < k; c++)
                            {
                                between += nk[c] * deltas[c * d + a] * deltas[c * d + b];
                                spread += nk[c] / meanPrecision[c] * fromPrior[c * d + a] * fromPrior[c * d + b];
                            }
                            double sk = (0.5 * (s[a * d + b] + s[b * d + a]) - between) / nkSum + (a == b ? regCovar : 0);
                            covariances[a * d + b] = (psi[a * d + b] + sk * perComponent + kappa / k * spread) / degrees[0];
                        }
                }
                break;
            case CovarianceType.Diagonal:
                degrees = new double[k];
                for (int c = 0; c < k; c++)
                {
                    degrees[c] = nu0 + nk[c];
                    double shrink = kappa / meanPrecision[c];
                    for (int j = 0; j < d; j++)
                    {
                        double delta = deltas[c * d + j], diff = fromPrior[c * d + j];
                        double sk = s[c * d + j] / nk[c] - delta * delta + regCovar;
                        covariances[c * d + j] = (psi[j] + nk[c] * (sk + shrink * diff * diff)) / degrees[c];
                    }
                }
                break;
            default:
                degrees = new double[k];
                for (int c = 0; c < k; c++)
                {
                    degrees[c] = nu0 + nk[c];
                    double squared = 0, spread = 0;
                    for (int j = 0; j < d; j++)
                    {
                        squared += deltas[c * d + j] * deltas[c * d + j];
                        spread += fromPrior[c * d + j] * fromPrior[c * d + j];
                    }
                    double sk = (s[c] / nk[c] - squared) / d + regCovar;
                    covariances[c] = (psi[0] + nk[c] * (sk + kappa / meanPrecision[c] * spread / d)) / degrees[c];
                }
                break;
        }
        return new BayesianGaussianMixtureModel(priorType, type, concentration, rest, meanPrecision, means, degrees, covariances);
    }
}
