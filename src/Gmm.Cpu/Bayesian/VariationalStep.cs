namespace Gmm;

/// <summary>
/// The variational M-step (scikit-learn's BayesianGaussianMixture: _estimate_weights, _estimate_means,
/// _estimate_precisions and _compute_lower_bound) as the shared EM loop's <see cref="MaximizationStep{TState}"/>.
/// The E-step is the backends' ordinary Gaussian E-step under the posterior's <see cref="BayesianGaussianMixtureModel.ExpectationModel"/>;
/// this step needs exactly their statistics (N, F, S) and log-likelihood.
/// <para>
/// From the statistics it forms scikit-learn's Gaussian estimates N_k (+10·ε), x̄_k and S_k (the covariance type's
/// maximum-likelihood estimate plus reg_covar), about the statistics' reference points so that the data's offset from
/// the origin costs no precision, then the posterior: weights by the <see cref="WeightPrior"/>, β_k = κ₀ + N_k,
/// m_k = (κ₀ m₀ + N_k x̄_k)/β_k, ν_k = ν₀ + N_k and covariance (Ψ₀ + N_k S_k + N_k κ₀/β_k (x̄_k − m₀)(x̄_k − m₀)ᵀ)/ν_k
/// in the covariance type's layout (tied: one matrix with N_k replaced by Σ N / k). No component is dropped: the prior
/// keeps an empty one well defined.
/// </para>
/// <para>
/// The lower bound needs −Σ_n w_n Σ_k r_nk log r_nk of the E-step. With p̃ the E-step model's weighted densities,
/// log r_nk = log p̃_k(x_n) − log p̃(x_n); the second term summed is the E-step's log-likelihood and the first is linear
/// in (N, F, S): Σ_k N_k (log π̃_k + log|U_k| − ½d log 2π) − ½ Σ_k tr(Σ_k⁻¹ C_k), C_k = Σ_n w r (x − μ_k)(x − μ_k)ᵀ
/// = N_k (S_k − reg·I) + N_k (x̄_k − μ_k)(x̄_k − μ_k)ᵀ. So backends never compute it.
/// </para>
/// </summary>
internal sealed class VariationalStep : MaximizationStep<BayesianGaussianMixtureModel>
{
    /// <summary>scikit-learn adds 10·ε (float64) to every N_k.</summary>
    private const double CountEpsilon = 10 * 2.220446049250313e-16;

    /// <summary>Creates the step.</summary>
    /// <param name="priors">The priors (their covariance type is the fit's).</param>
    /// <param name="weightPriorType">The prior on the weights.</param>
    /// <param name="regularizationCovariance">reg_covar (finite, ≥ 0), added to each S_k's diagonal; 0 needs a positive-definite covariance prior.</param>
    /// <exception cref="ArgumentException">reg_covar is 0 and the covariance prior (the data's, with a constant feature) is singular: scikit-learn's fit fails there too.</exception>
    public VariationalStep(BayesianPriors priors, WeightConcentrationPriorType weightPriorType, double regularizationCovariance)
    {
        ArgumentNullException.ThrowIfNull(priors);
        if (!(regularizationCovariance >= 0) || double.IsInfinity(regularizationCovariance))
            throw new ArgumentOutOfRangeException(nameof(regularizationCovariance), regularizationCovariance, "regularizationCovariance must be a finite number ≥ 0.");
        if (regularizationCovariance == 0 && !IsPositiveDefinite(priors))
            throw new ArgumentException(
                "The data's covariance has a zero variance (a constant feature), so the default covariance prior has one too, and "
                + "RegularizationCovariance is 0: as scikit-learn's fit, this one is refused. Set RegularizationCovariance > 0 "
                + "(scikit-learn's default is 1e-6).",
                nameof(BayesianGaussianMixtureOptions.RegularizationCovariance));
        Priors = priors;
        WeightPrior = WeightPrior.For(weightPriorType);
        RegularizationCovariance = regularizationCovariance;
    }

    /// <summary>True when the covariance prior is positive definite (positive variances for diag and spherical): a given one always is; the data's is not when its covariance is singular.</summary>
    private static bool IsPositiveDefinite(BayesianPriors priors)
    {
        int d = priors.Dimension, length = priors.CovarianceArray.Length;
        try
        {
            CovarianceDefinition.For(priors.CovarianceType).DerivePrecisionCholesky(priors.CovarianceArray, 1, d, new double[length], new double[1]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The priors.</summary>
    public BayesianPriors Priors { get; }

    /// <summary>The prior on the weights.</summary>
    public WeightPrior WeightPrior { get; }

    /// <summary>reg_covar.</summary>
    public double RegularizationCovariance { get; }

    /// <inheritdoc />
    public override GaussianMixtureModel ExpectationModel(BayesianGaussianMixtureModel state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ExpectationModel;
    }

    /// <inheritdoc />
    public override BayesianGaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
        Posterior(statistics, GaussianEstimates(statistics));

    /// <inheritdoc />
    public override MaximizationResult<BayesianGaussianMixtureModel> Maximize(SufficientStatistics statistics, BayesianGaussianMixtureModel current,
        MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(current);
        var estimates = GaussianEstimates(statistics);
        var next = Posterior(statistics, estimates);
        var (entropy, scale) = ResponsibilityEntropy(statistics, current.ExpectationModel, estimates);
        return new(next, VariationalLowerBound.Evaluate(next, entropy), scale);
    }

    /// <summary>scikit-learn's _estimate_gaussian_parameters from the statistics: N_k + 10·ε, x̄_k − reference_k, S_k with reg_covar.</summary>
    private (double[] Counts, double CountSum, double[] Deltas, double[] Covariances) GaussianEstimates(SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        int k = statistics.ComponentCount, d = statistics.Dimension;
        var definition = CovarianceDefinition.For(statistics.CovarianceType);
        if (Priors.Dimension != d || Priors.CovarianceType != statistics.CovarianceType)
            throw new ArgumentException($"The priors ({Priors.CovarianceType}, d = {Priors.Dimension}) do not match the statistics ({statistics.CovarianceType}, d = {d}).", nameof(statistics));
        var counts = new double[k];
        var deltas = new double[k * d];
        var all = new int[k];
        double countSum = 0;
        for (int c = 0; c < k; c++)
        {
            all[c] = c;
            counts[c] = statistics.ZerothOrder[c] + CountEpsilon;
            countSum += counts[c];
            for (int j = 0; j < d; j++) deltas[c * d + j] = statistics.FirstOrder[c * d + j] / counts[c];
        }
        var covariances = new double[definition.CovarianceLength(k, d)];
        // The maximum-likelihood estimate's warnings (a collapse to reg_covar, ...) are not this M-step's concern: an
        // empty component is expected here and the prior keeps its posterior well defined, so they are discarded.
        definition.Estimate(statistics, all, counts, countSum, deltas, RegularizationCovariance, covariances, MaximizationContext.Discarding());
        return (counts, countSum, deltas, covariances);
    }

    private BayesianGaussianMixtureModel Posterior(SufficientStatistics statistics, (double[] Counts, double CountSum, double[] Deltas, double[] Covariances) estimates)
    {
        var (counts, countSum, deltas, estimated) = estimates;
        int k = statistics.ComponentCount, d = statistics.Dimension;
        var definition = CovarianceDefinition.For(statistics.CovarianceType);
        var (concentration, rest) = WeightPrior.Posterior(counts, Priors.WeightConcentration);

        double kappa = Priors.MeanPrecision;
        var m0 = Priors.MeanArray;
        var meanPrecision = new double[k];
        var means = new double[k * d];
        var fromPrior = new double[k * d]; // x̄_k − m₀
        for (int c = 0; c < k; c++)
        {
            meanPrecision[c] = kappa + counts[c];
            for (int j = 0; j < d; j++)
            {
                double mean = statistics.Reference[c * d + j] + deltas[c * d + j];
                means[c * d + j] = (kappa * m0[j] + counts[c] * mean) / meanPrecision[c];
                fromPrior[c * d + j] = mean - m0[j];
            }
        }

        var covariances = new double[estimated.Length];
        double[] degrees;
        if (definition.SharedSecondOrder)
        {
            double perComponent = countSum / k;
            degrees = [Priors.DegreesOfFreedom + perComponent];
            var covariance = definition.ComponentCovariance(covariances, 0, d);
            for (int i = 0; i < covariance.Length; i++) covariance[i] = Priors.CovarianceArray[i] + perComponent * estimated[i];
            for (int c = 0; c < k; c++)
                definition.AddOuterProduct(covariance, fromPrior.AsSpan(c * d, d), kappa / k * counts[c] / meanPrecision[c]);
            for (int i = 0; i < covariance.Length; i++) covariance[i] /= degrees[0];
        }
        else
        {
            degrees = new double[k];
            for (int c = 0; c < k; c++)
            {
                degrees[c] = Priors.DegreesOfFreedom + counts[c];
                var covariance = definition.ComponentCovariance(covariances, c, d);
                var sk = definition.ComponentCovariance(estimated, c, d);
                for (int i = 0; i < covariance.Length; i++) covariance[i] = Priors.CovarianceArray[i] + counts[c] * sk[i];
                definition.AddOuterProduct(covariance, fromPrior.AsSpan(c * d, d), counts[c] * kappa / meanPrecision[c]);
                for (int i = 0; i < covariance.Length; i++) covariance[i] /= degrees[c];
            }
        }
        return new BayesianGaussianMixtureModel(WeightPrior.Type, statistics.CovarianceType, concentration, WeightPrior.HasRest ? rest : null,
            meanPrecision, means, degrees, covariances);
    }

    /// <summary>
    /// −Σ_n w_n Σ_k r_nk log r_nk of the E-step under <paramref name="eStep"/> that produced <paramref name="statistics"/>
    /// (see the class remarks), and the magnitude of what the E-step summed for it: Σ_k N_k |log π̃_k + log|U_k| − ½d log 2π|
    /// + ½ Σ_k tr(Σ_k⁻¹ C_k) ≥ Σ_n w_n Σ_k r_nk |log p̃_k(x_n)|, the scale of the E-step's log-likelihood's rounding error
    /// (<see cref="MaximizationResult{TState}.LowerBoundScale"/>).
    /// </summary>
    private (double Entropy, double Scale) ResponsibilityEntropy(SufficientStatistics statistics, GaussianMixtureModel eStep,
        (double[] Counts, double CountSum, double[] Deltas, double[] Covariances) estimates)
    {
        var (counts, countSum, deltas, estimated) = estimates;
        int k = statistics.ComponentCount, d = statistics.Dimension;
        if (eStep.ComponentCount != k || eStep.Dimension != d || eStep.CovarianceType != statistics.CovarianceType)
            throw new ArgumentException("The statistics were not taken under this posterior's E-step model.", nameof(statistics));
        var definition = eStep.Definition;
        var precisions = eStep.ComputePrecisions();
        var constants = eStep.LogDensityConstantsArray; // log π̃_k + log|U_k| − ½d log 2π
        var means = eStep.MeansArray;
        var offset = new double[d];                     // x̄_k − μ_k
        double expected = 0;                             // Σ_k Σ_n w r log p̃_k(x_n)
        double scale = 0;                                // Σ_k N_k |constant_k| + ½ Σ_k tr(Σ_k⁻¹ C_k)
        var scatter = new double[definition.CovarianceLength(1, d)];
        if (definition.SharedSecondOrder)
        {
            for (int i = 0; i < scatter.Length; i++) scatter[i] = countSum * estimated[i];
            definition.AddIdentity(scatter, d, -countSum * RegularizationCovariance);
        }
        for (int c = 0; c < k; c++)
        {
            double n = statistics.ZerothOrder[c];
            if (n != 0) // 0 · log π̃ = 0 where π̃ is at its floor
            {
                expected += n * constants[c];
                scale += Math.Abs(n * constants[c]);
            }
            for (int j = 0; j < d; j++) offset[j] = statistics.Reference[c * d + j] + deltas[c * d + j] - means[c * d + j];
            if (!definition.SharedSecondOrder)
            {
                var sk = definition.ComponentCovariance(estimated, c, d);
                for (int i = 0; i < scatter.Length; i++) scatter[i] = counts[c] * sk[i];
                definition.AddIdentity(scatter, d, -counts[c] * RegularizationCovariance);
            }
            definition.AddOuterProduct(scatter, offset, counts[c]);
            if (!definition.SharedSecondOrder)
            {
                double trace = definition.TraceOfProduct(definition.ComponentCovariance(precisions, c, d), scatter, d);
                expected -= 0.5 * trace;
                scale += 0.5 * Math.Abs(trace);
            }
        }
        if (definition.SharedSecondOrder)
        {
            double trace = definition.TraceOfProduct(precisions, scatter, d);
            expected -= 0.5 * trace;
            scale += 0.5 * Math.Abs(trace);
        }
        return (statistics.LogLikelihood - expected, scale);
    }
}
