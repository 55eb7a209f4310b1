namespace Gmm.Speech.Adaptation;

/// <summary>
/// MAP adaptation of a prior mixture (a UBM) to a speaker's statistics through the EM loop's M-step seam (Reynolds,
/// Quatieri &amp; Dunn 2000, eq. 11–14). For component c with occupancy n_c = Σ w r, α_c = n_c / (n_c + r) and, about
/// the prior mean μ_c, E_c[y] and E_c[y²] the speaker's first and second moments of y = x − μ_c:
/// <list type="bullet">
/// <item>means: μ̂_c = μ_c + α_c E_c[y];</item>
/// <item>weights: ŵ_c = γ [α_c n_c / T + (1 − α_c) w_c], T = Σ n, γ making them sum to 1;</item>
/// <item>variances: σ̂²_c = α_c E_c[(x − μ̂_c)²] + (1 − α_c)(σ²_c + (μ_c − μ̂_c)²), element-wise (diagonal), as matrices
/// (full) or averaged over the features (spherical) — Reynolds' α E[x²] + (1 − α)(σ² + μ²) − μ̂², written as a sum of
/// non-negative terms so that it stays positive in floating point, and valid when the means are not adapted.</item>
/// </list>
/// A component the speaker never visits (n_c = 0) keeps the prior's mean and covariance exactly; its weight is the
/// prior's times γ when weights are adapted, exactly the prior's otherwise. One EM iteration from the prior
/// (<see cref="EmRun{T, TState}.Step"/>, or a backend's statistics under the prior and <see cref="Adapt"/>) is Reynolds'
/// one pass; further iterations keep adapting the same prior with statistics under the current model.
/// </summary>
public sealed class MapAdaptationStep : MaximizationStep<GaussianMixtureModel>
{
    /// <summary>Creates the step.</summary>
    /// <param name="prior">The prior mixture (the UBM).</param>
    /// <param name="relevanceFactor">r (finite, &gt; 0).</param>
    /// <param name="parameters">What to adapt.</param>
    /// <exception cref="ArgumentException">Bad settings, or variances to adapt in a tied model (its covariance is shared).</exception>
    public MapAdaptationStep(GaussianMixtureModel prior, double relevanceFactor = 16, AdaptedParameters parameters = AdaptedParameters.Means)
    {
        ArgumentNullException.ThrowIfNull(prior);
        new MapOptions { RelevanceFactor = relevanceFactor, Parameters = parameters }.Validate();
        if ((parameters & AdaptedParameters.Variances) != 0 && prior.CovarianceType == CovarianceType.Tied)
            throw new ArgumentException("variances of a tied model cannot be adapted per component; adapt means and weights, or use a diagonal, full or spherical UBM.", nameof(parameters));
        Prior = prior;
        RelevanceFactor = relevanceFactor;
        Parameters = parameters;
    }

    /// <summary>The prior (UBM).</summary>
    public GaussianMixtureModel Prior { get; }

    /// <summary>r.</summary>
    public double RelevanceFactor { get; }

    /// <summary>What is adapted.</summary>
    public AdaptedParameters Parameters { get; }

    /// <inheritdoc />
    public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state;
    }

    /// <summary>The adapted model from statistics of starting responsibilities (<see cref="Adapt"/>).</summary>
    public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) => Adapt(statistics);

    /// <inheritdoc />
    public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new(Adapt(statistics), statistics.LogLikelihood / statistics.WeightSum);
    }

    /// <summary>The prior adapted to <paramref name="statistics"/> (taken under any model with the prior's shape and covariance type).</summary>
    /// <exception cref="ArgumentException">Statistics of another shape or covariance type.</exception>
    public GaussianMixtureModel Adapt(SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var prior = Prior;
        int k = prior.ComponentCount, d = prior.Dimension;
        if (statistics.ComponentCount != k || statistics.Dimension != d || statistics.CovarianceType != prior.CovarianceType)
            throw new ArgumentException($"statistics ({statistics.ComponentCount} components, {statistics.Dimension} features, {statistics.CovarianceType}) do not match the prior ({k}, {d}, {prior.CovarianceType}).", nameof(statistics));
        var counts = statistics.ZerothOrder;
        double total = counts.Sum();
        if (!(total > 0)) return prior; // no frames: nothing to adapt
        var weights = prior.WeightsSpan.ToArray();
        var means = prior.MeansSpan.ToArray();
        var covariances = prior.CovariancesSpan.ToArray();
        bool adaptMeans = (Parameters & AdaptedParameters.Means) != 0, adaptVariances = (Parameters & AdaptedParameters.Variances) != 0;
        var moment = new double[d];  // E_c[y], y = x − μ_c
        var shift = new double[d];   // μ̂_c − μ_c
        for (int c = 0; c < k; c++)
        {
            double n = counts[c];
            if (!(n > 0)) continue; // never visited: the prior's parameters exactly
            double alpha = n / (n + RelevanceFactor);
            for (int j = 0; j < d; j++)
            {
                moment[j] = statistics.Reference[c * d + j] - prior.MeansSpan[c * d + j] + statistics.FirstOrder[c * d + j] / n;
                shift[j] = adaptMeans ? alpha * moment[j] : 0;
                means[c * d + j] = prior.MeansSpan[c * d + j] + shift[j];
            }
            if (adaptVariances) AdaptCovariance(statistics, c, n, alpha, moment, shift, covariances);
        }
        if ((Parameters & AdaptedParameters.Weights) != 0)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double n = counts[c], alpha = n > 0 ? n / (n + RelevanceFactor) : 0;
                weights[c] = alpha * n / total + (1 - alpha) * weights[c];
                sum += weights[c];
            }
            for (int c = 0; c < k; c++) weights[c] /= sum;
        }
        return new GaussianMixtureModel(prior.CovarianceType, weights, means, covariances);
    }

    /// <summary>α·(ML scatter about the speaker's mean) + α(E[y] − δ̂)(E[y] − δ̂)ᵀ + (1 − α)(Σ + δ̂δ̂ᵀ), in the type's shape.</summary>
    private void AdaptCovariance(SufficientStatistics statistics, int c, double n, double alpha, double[] moment, double[] shift, double[] covariances)
    {
        int d = moment.Length;
        var first = statistics.FirstOrder.AsSpan(c * d, d);
        var second = statistics.SecondOrder;
        switch (Prior.CovarianceType)
        {
            case CovarianceType.Full:
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++)
                    {
                        double scatter = 0.5 * (second[(c * d + a) * d + b] + second[(c * d + b) * d + a]) / n - first[a] / n * (first[b] / n);
                        int i = (c * d + a) * d + b;
                        covariances[i] = alpha * scatter + alpha * (moment[a] - shift[a]) * (moment[b] - shift[b])
                            + (1 - alpha) * (covariances[i] + shift[a] * shift[b]);
                    }
                break;
            case CovarianceType.Spherical:
            {
                double scatter = second[c] / n, offset = 0, moved = 0;
                for (int j = 0; j < d; j++)
                {
                    scatter -= first[j] / n * (first[j] / n);
                    offset += (moment[j] - shift[j]) * (moment[j] - shift[j]);
                    moved += shift[j] * shift[j];
                }
                covariances[c] = (alpha * Math.Max(scatter, 0) + alpha * offset) / d + (1 - alpha) * (covariances[c] + moved / d);
                break;
            }
            default: // diagonal (tied was refused by the constructor)
                for (int j = 0; j < d; j++)
                {
                    double scatter = Math.Max(second[c * d + j] / n - first[j] / n * (first[j] / n), 0);
                    double offset = moment[j] - shift[j];
                    covariances[c * d + j] = alpha * scatter + alpha * offset * offset + (1 - alpha) * (covariances[c * d + j] + shift[j] * shift[j]);
                }
                break;
        }
    }
}
