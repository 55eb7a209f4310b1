namespace Gmm;

/// <summary>
/// A fitted variational Gaussian mixture: the posterior of scikit-learn's BayesianGaussianMixture. Weights follow a
/// Dirichlet-process (stick-breaking Beta) or Dirichlet posterior; each component's mean and precision a Normal–Wishart
/// posterior whose Wishart scale is stored, as scikit-learn does, normalised by the degrees of freedom: the
/// <see cref="Covariances"/> are the inverses of the expected precisions. Arrays are row-major; k components, d features.
/// <para>
/// The variational E-step is a Gaussian E-step under the covariances with per-component constants
/// E[log π_k] + ½E[log |Λ_k|] − d/(2β_k) − ½d log ν_k in place of log π_k. So it is the E-step of an ordinary
/// <see cref="GaussianMixtureModel"/> (<see cref="ExpectationModel"/>) whose weights are those constants exponentiated and
/// renormalised: the responsibilities are the same, and every log-density is lower by <see cref="LogNormalizer"/>.
/// </para>
/// </summary>
public sealed partial class BayesianGaussianMixtureModel
{
    /// <summary>Adjusted constants this far below the largest give weight e^−700 in <see cref="ExpectationModel"/> instead of underflowing to 0.</summary>
    private const double LogWeightFloor = -700;

    /// <summary>Builds and validates a posterior (scikit-learn's fitted attributes).</summary>
    /// <param name="weightConcentrationPriorType">Which weight prior the posterior belongs to.</param>
    /// <param name="covarianceType">Shape of <paramref name="covariances"/>.</param>
    /// <param name="weightConcentration">k values &gt; 0: the Dirichlet parameters, or for a Dirichlet process each stick's first Beta parameter (weight_concentration_[0]).</param>
    /// <param name="weightConcentrationRest">Dirichlet process only (else null): each stick's second Beta parameter, k values &gt; 0 (weight_concentration_[1]).</param>
    /// <param name="meanPrecision">k values &gt; 0 (mean_precision_).</param>
    /// <param name="means">k×d finite values (means_).</param>
    /// <param name="degreesOfFreedom">Values &gt; d − 1 (degrees_of_freedom_): one for tied, else k.</param>
    /// <param name="covariances">Covariances shaped by type, symmetric positive definite (covariances_): full k×d×d, tied d×d, diag k×d, spherical k.</param>
    /// <exception cref="ArgumentException">A parameter has the wrong shape or an invalid value; the message names it.</exception>
    public BayesianGaussianMixtureModel(WeightConcentrationPriorType weightConcentrationPriorType, CovarianceType covarianceType,
        double[] weightConcentration, double[]? weightConcentrationRest, double[] meanPrecision, double[] means,
        double[] degreesOfFreedom, double[] covariances)
    {
        ArgumentNullException.ThrowIfNull(weightConcentration);
        ArgumentNullException.ThrowIfNull(meanPrecision);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(degreesOfFreedom);
        ArgumentNullException.ThrowIfNull(covariances);
        if (!Enum.IsDefined(weightConcentrationPriorType))
            throw new ArgumentOutOfRangeException(nameof(weightConcentrationPriorType), weightConcentrationPriorType, "Unknown weight concentration prior type.");
        int k = weightConcentration.Length;
        if (k < 1) throw new ArgumentException("weightConcentration must hold at least one component.", nameof(weightConcentration));
        if (means.Length == 0 || means.Length % k != 0)
            throw new ArgumentException($"means must hold k×d values with k = {k} (the length of weightConcentration); got {means.Length}.", nameof(means));
        int d = means.Length / k;
        var weightPrior = WeightPrior.For(weightConcentrationPriorType);
        CheckPositive(weightConcentration, k, nameof(weightConcentration));
        if (weightPrior.HasRest)
        {
            if (weightConcentrationRest is null)
                throw new ArgumentException("A Dirichlet-process posterior needs weightConcentrationRest (each stick's second Beta parameter).", nameof(weightConcentrationRest));
            CheckPositive(weightConcentrationRest, k, nameof(weightConcentrationRest));
        }
        else if (weightConcentrationRest is not null)
            throw new ArgumentException("A Dirichlet-distribution posterior has no weightConcentrationRest; pass null.", nameof(weightConcentrationRest));
        CheckPositive(meanPrecision, k, nameof(meanPrecision));
        if (!Enum.IsDefined(covarianceType))
            throw new ArgumentOutOfRangeException(nameof(covarianceType), covarianceType, "Unknown covariance type.");
        int dofCount = CovarianceDefinition.For(covarianceType).SharedSecondOrder ? 1 : k;
        if (degreesOfFreedom.Length != dofCount)
            throw new ArgumentException($"degreesOfFreedom must hold {dofCount} value{(dofCount == 1 ? "" : "s")} for {covarianceType} covariances; got {degreesOfFreedom.Length}.", nameof(degreesOfFreedom));
        for (int i = 0; i < dofCount; i++)
            if (!(degreesOfFreedom[i] > d - 1) || double.IsInfinity(degreesOfFreedom[i]))
                throw new ArgumentException($"degreesOfFreedom[{i}] = {degreesOfFreedom[i]} must be finite and greater than d − 1 = {d - 1}.", nameof(degreesOfFreedom));

        WeightConcentrationPriorType = weightConcentrationPriorType;
        WeightConcentrationArray = (double[])weightConcentration.Clone();
        WeightConcentrationRestArray = weightPrior.HasRest ? (double[])weightConcentrationRest!.Clone() : [];
        MeanPrecisionArray = (double[])meanPrecision.Clone();
        DegreesOfFreedomArray = (double[])degreesOfFreedom.Clone();
        WeightsArray = weightPrior.ExpectedWeights(WeightConcentrationArray, WeightConcentrationRestArray);
        // Validates means and covariances (shape, finiteness, positive definiteness) and derives the precision Cholesky.
        PointEstimate = new GaussianMixtureModel(covarianceType, WeightsArray, means, covariances);
        ExpectedLogWeightsArray = weightPrior.ExpectedLogWeights(WeightConcentrationArray, WeightConcentrationRestArray);
        (ExpectationModel, LogNormalizer) = BuildExpectationModel();
    }

    /// <summary>The weight prior this posterior belongs to.</summary>
    public WeightConcentrationPriorType WeightConcentrationPriorType { get; }

    /// <summary>Covariance type.</summary>
    public CovarianceType CovarianceType => PointEstimate.CovarianceType;

    /// <summary>Number of components k.</summary>
    public int ComponentCount => PointEstimate.ComponentCount;

    /// <summary>Dimension d.</summary>
    public int Dimension => PointEstimate.Dimension;

    /// <summary>
    /// weight_concentration_ (k): the Dirichlet parameters γ + N_k, or for a Dirichlet process each stick's first Beta
    /// parameter 1 + N_k.
    /// </summary>
    public IReadOnlyList<double> WeightConcentration => Array.AsReadOnly(WeightConcentrationArray);

    /// <summary>Dirichlet process: each stick's second Beta parameter γ + Σ_{j&gt;k} N_j (k); empty for a Dirichlet distribution.</summary>
    public IReadOnlyList<double> WeightConcentrationRest => Array.AsReadOnly(WeightConcentrationRestArray);

    /// <summary>mean_precision_ (k): β_k = κ₀ + N_k.</summary>
    public IReadOnlyList<double> MeanPrecision => Array.AsReadOnly(MeanPrecisionArray);

    /// <summary>degrees_of_freedom_: ν_k = ν₀ + N_k (k), or for tied one value ν₀ + Σ N_k / k.</summary>
    public IReadOnlyList<double> DegreesOfFreedom => Array.AsReadOnly(DegreesOfFreedomArray);

    /// <summary>weights_ (k): the expected weights under the posterior (they sum to 1).</summary>
    public IReadOnlyList<double> Weights => PointEstimate.Weights;

    /// <summary>means_ (k×d): the posterior means of the component means.</summary>
    public IReadOnlyList<double> Means => PointEstimate.Means;

    /// <summary>covariances_ shaped by type (full k×d×d, tied d×d, diag k×d, spherical k): the inverse expected precisions.</summary>
    public IReadOnlyList<double> Covariances => PointEstimate.Covariances;

    /// <summary>precisions_cholesky_, shaped like <see cref="Covariances"/>: upper-triangular U with U Uᵀ = Σ⁻¹ (full, tied), 1/σ (diag, spherical).</summary>
    public IReadOnlyList<double> PrecisionsCholesky => PointEstimate.PrecisionsCholesky;

    /// <summary>E[log π_k] under the weight posterior (k).</summary>
    public IReadOnlyList<double> ExpectedLogWeights => Array.AsReadOnly(ExpectedLogWeightsArray);

    /// <summary>
    /// The mixture of the point estimates (<see cref="Weights"/>, <see cref="Means"/>, <see cref="Covariances"/>):
    /// what <see cref="Sample"/> draws from, as scikit-learn's sample. Its densities are not this model's
    /// <see cref="ScoreSamples{T}(ReadOnlySpan{T})"/>, which uses the variational expectations.
    /// </summary>
    public GaussianMixtureModel PointEstimate { get; }

    /// <summary>
    /// The Gaussian mixture whose E-step is this posterior's variational E-step (the same means and covariances, weights
    /// ∝ exp of the adjusted constants, each at least e^−700 times the largest): the same responsibilities as
    /// <see cref="PredictProbabilities{T}"/>, and log-densities lower than <see cref="ScoreSamples{T}"/> by
    /// <see cref="LogNormalizer"/>. Any backend fits a variational mixture through it.
    /// </summary>
    public GaussianMixtureModel ExpectationModel { get; }

    /// <summary>log Σ_k exp(adjusted constant_k), nats: a point's variational score is <see cref="ExpectationModel"/>'s log-density plus this.</summary>
    public double LogNormalizer { get; }

    /// <summary>
    /// The number of components with weight at least <paramref name="minimumWeight"/> (default 0.01: components that
    /// hold at least 1% of the data); the others are what the prior emptied.
    /// </summary>
    public int EffectiveComponentCount(double minimumWeight = 0.01)
    {
        if (!(minimumWeight >= 0) || minimumWeight > 1)
            throw new ArgumentOutOfRangeException(nameof(minimumWeight), minimumWeight, "minimumWeight must lie in [0, 1].");
        return WeightsArray.Count(w => w >= minimumWeight);
    }

    internal double[] WeightConcentrationArray { get; }
    internal double[] WeightConcentrationRestArray { get; }
    internal double[] MeanPrecisionArray { get; }
    internal double[] DegreesOfFreedomArray { get; }
    internal double[] WeightsArray { get; }
    internal double[] ExpectedLogWeightsArray { get; }

    /// <summary>ν of component c (the one shared value when tied).</summary>
    internal double DegreesOfFreedomOf(int c) => DegreesOfFreedomArray[DegreesOfFreedomArray.Length == 1 ? 0 : c];

    private static void CheckPositive(double[] values, int k, string name)
    {
        if (values.Length != k) throw new ArgumentException($"{name} must hold k = {k} values; got {values.Length}.", name);
        for (int i = 0; i < k; i++)
            if (!(values[i] > 0) || double.IsInfinity(values[i]))
                throw new ArgumentException($"{name}[{i}] = {values[i]} must be finite and > 0.", name);
    }

    /// <summary>
    /// The adjusted constants E[log π_k] − ½d log ν_k + ½(d log 2 + Σ_{j&lt;d} ψ((ν_k − j)/2) − d/β_k) (scikit-learn's
    /// _estimate_log_prob plus _estimate_log_weights, less the Gaussian term) as weights of an ordinary mixture.
    /// </summary>
    private (GaussianMixtureModel Model, double LogNormalizer) BuildExpectationModel()
    {
        int k = ComponentCount, d = Dimension;
        var constants = new double[k];
        double max = double.NegativeInfinity;
        for (int c = 0; c < k; c++)
        {
            double nu = DegreesOfFreedomOf(c);
            double logLambda = d * Math.Log(2.0);
            for (int j = 0; j < d; j++) logLambda += SpecialFunctions.Digamma(0.5 * (nu - j));
            constants[c] = ExpectedLogWeightsArray[c] - 0.5 * d * Math.Log(nu) + 0.5 * (logLambda - d / MeanPrecisionArray[c]);
            max = Math.Max(max, constants[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) sum += Math.Exp(constants[c] - max);
        double logNormalizer = max + Math.Log(sum);
        var weights = new double[k];
        for (int c = 0; c < k; c++) weights[c] = Math.Exp(Math.Max(constants[c] - logNormalizer, LogWeightFloor));
        // The point estimate's means, covariances and their derived factors, shared rather than copied and factored again:
        // both models are immutable, and the factors are those DerivePrecisionCholesky derives from these covariances.
        var point = PointEstimate;
        return (new GaussianMixtureModel(CovarianceType, weights, point.MeansArray, point.CovariancesArray, point.PrecisionsCholeskyArray, point.LogDetArray),
            logNormalizer);
    }
}
