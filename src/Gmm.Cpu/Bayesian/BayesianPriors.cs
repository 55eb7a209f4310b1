using System.Numerics;

namespace Gmm;

/// <summary>
/// The priors of a variational Gaussian mixture, as scikit-learn's BayesianGaussianMixture sets them (its
/// weight_concentration_prior_, mean_precision_prior_, mean_prior_, degrees_of_freedom_prior_, covariance_prior_):
/// a Dirichlet-process or Dirichlet prior on the weights and a Normal–Wishart prior on each component's mean and
/// precision. What is not given comes from the data (<see cref="Resolve{T}"/>).
/// </summary>
public sealed class BayesianPriors
{
    internal BayesianPriors(CovarianceType covarianceType, double weightConcentration, double meanPrecision, double[] mean,
        double degreesOfFreedom, double[] covariance)
    {
        CovarianceType = covarianceType;
        WeightConcentration = weightConcentration;
        MeanPrecision = meanPrecision;
        MeanArray = mean;
        DegreesOfFreedom = degreesOfFreedom;
        CovarianceArray = covariance;
    }

    /// <summary>Covariance type, which fixes the shape of <see cref="Covariance"/>.</summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension => MeanArray.Length;

    /// <summary>γ: the Dirichlet-process concentration, or each component's Dirichlet parameter (default 1/k).</summary>
    public double WeightConcentration { get; }

    /// <summary>κ₀: the precision of the prior on the means, in units of the component precision (default 1).</summary>
    public double MeanPrecision { get; }

    /// <summary>m₀ (d): the prior mean of the means (default: the data's weighted mean).</summary>
    public IReadOnlyList<double> Mean => Array.AsReadOnly(MeanArray);

    /// <summary>ν₀: the Wishart degrees of freedom, &gt; d − 1 (default d).</summary>
    public double DegreesOfFreedom { get; }

    /// <summary>
    /// Ψ₀, the prior covariance shaped by type: full and tied d×d, diag d, spherical 1 (default: the data's covariance
    /// with one degree of freedom removed, as numpy's cov; diag its diagonal, spherical the mean of that diagonal).
    /// </summary>
    public IReadOnlyList<double> Covariance => Array.AsReadOnly(CovarianceArray);

    internal double[] MeanArray { get; }
    internal double[] CovarianceArray { get; }

    /// <summary>Length of the covariance prior for a covariance type: one covariance of that type, full and tied d×d, diag d, spherical 1.</summary>
    public static int CovarianceLength(CovarianceType type, int d) => CovarianceDefinition.For(type).CovarianceLength(1, d);

    /// <summary>
    /// The priors of a fit of <paramref name="componentCount"/> components to <paramref name="data"/>: each given value
    /// is checked, each missing one computed from the data as scikit-learn does. Sample weights count as repeated points
    /// (the data covariance divides by Σw − 1). Errors name the setting (WeightConcentrationPrior, MeanPrecisionPrior,
    /// MeanPrior, DegreesOfFreedomPrior, CovariancePrior). Data that stays where it is (<see cref="IResidentDataSource{T}"/>)
    /// gives its mean and covariance through <paramref name="backend"/>'s statistics (<see cref="ResidentMoments"/>).
    /// </summary>
    internal static BayesianPriors Resolve<T>(IDataSource<T> data, int componentCount, CovarianceType type, double? weightConcentration,
        double? meanPrecision, IReadOnlyList<double>? mean, double? degreesOfFreedom, IReadOnlyList<double>? covariance, IEmBackend<T>? backend = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = data.Dimension;
        double gamma = weightConcentration ?? 1.0 / componentCount;
        CheckPositive(gamma, "WeightConcentrationPrior");
        double kappa = meanPrecision ?? 1.0;
        CheckPositive(kappa, "MeanPrecisionPrior");
        double nu = degreesOfFreedom ?? d;
        if (!(nu > d - 1) || double.IsInfinity(nu))
            throw new ArgumentOutOfRangeException("DegreesOfFreedomPrior", nu, $"DegreesOfFreedomPrior must be finite and greater than d − 1 = {d - 1}.");
        if (mean is not null)
        {
            if (mean.Count != d) throw new ArgumentException($"MeanPrior must hold d = {d} values; got {mean.Count}.", "MeanPrior");
            for (int j = 0; j < d; j++)
                if (!double.IsFinite(mean[j])) throw new ArgumentException($"MeanPrior[{j}] = {mean[j]} is not finite.", "MeanPrior");
        }
        double[]? psi = covariance is null ? null : CheckCovariance(covariance, type, d);

        double[]? dataMean = null;
        if (data is IResidentDataSource<T> resident && (mean is null || psi is null))
        {
            var moments = ResidentMoments.Compute(resident, backend ?? throw new ArgumentNullException(nameof(backend), "Resident data needs the fit's backend."), type);
            dataMean = moments.Mean;
            psi ??= DataCovariance(moments.AboutMean, type);
        }
        else if (mean is null || psi is null)
        {
            if (data is IDataSource<float> narrow)
            {
                // Widened by DataMoments a chunk at a time: the moments of the same points in float64, without compiling
                // the converting source's generic code for float.
                dataMean = DataMoments.WeightedMean(narrow);
                psi ??= DataCovariance(DataMoments.Scatter(narrow, type, dataMean), type);
            }
            else
            {
                var points = data as IDataSource<double> ?? new ConvertingDataSource<T, double>(data);
                dataMean = DataMoments.WeightedMean(points);
                psi ??= DataCovariance(DataMoments.Scatter(points, type, dataMean), type);
            }
        }
        return new BayesianPriors(type, gamma, kappa, mean?.ToArray() ?? dataMean!, nu, psi);
    }

    private static void CheckPositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0.");
    }

    private static double[] CheckCovariance(IReadOnlyList<double> covariance, CovarianceType type, int d)
    {
        const string name = "CovariancePrior";
        var definition = CovarianceDefinition.For(type);
        int expected = definition.CovarianceLength(1, d);
        if (covariance.Count != expected)
            throw new ArgumentException($"A {type} CovariancePrior for d = {d} must hold {expected} value{(expected == 1 ? "" : "s")} (one covariance of that type); got {covariance.Count}.", name);
        var psi = covariance.ToArray();
        try
        {
            // The same checks as a model's covariance: finite, symmetric, positive definite (or positive variances).
            definition.DerivePrecisionCholesky(psi, 1, d, new double[expected], new double[1]);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"CovariancePrior is invalid: {e.Message.Replace("covariance matrix 0", "the matrix", StringComparison.Ordinal).Replace("variance [0, ", "variance [", StringComparison.Ordinal)}", name, e);
        }
        return psi;
    }

    /// <summary>
    /// Σ w (x − x̄)(x − x̄)ᵀ / (Σ w − 1) in the covariance prior's shape (numpy's cov with ddof = 1 on the repeated points,
    /// its diagonal, or the mean of its diagonal: scikit-learn's default covariance_prior): the covariance type's
    /// estimate for one component holding every point, from its statistics (<paramref name="stats"/>, taken about the
    /// mean x̄ or near it). Diag and spherical: numpy's variances, a constant feature's 0 included, as scikit-learn's.
    /// Full and tied: where the data's covariance is singular, that estimate's jitter on the diagonal instead of a
    /// singular matrix.
    /// </summary>
    private static double[] DataCovariance(SufficientStatistics stats, CovarianceType type)
    {
        int d = stats.Dimension;
        var definition = CovarianceDefinition.For(type);
        double total = stats.ZerothOrder[0];
        if (!(total > 1))
            throw new ArgumentException($"The data's total weight Σw = {total:G6} is at most 1, so its covariance (which divides by Σw − 1, as numpy's cov) is undefined; give CovariancePrior.", "CovariancePrior");
        var deltas = new double[d];
        for (int j = 0; j < d; j++) deltas[j] = stats.FirstOrder[j] / total;
        var psi = new double[definition.CovarianceLength(1, d)];
        if (type is CovarianceType.Full or CovarianceType.Tied)
        {
            // A singular matrix prior (a constant feature, or points spanning fewer than d dimensions) would leave an
            // emptied component's posterior covariance singular (scikit-learn's fit fails there): the estimate's jitter
            // keeps it positive definite.
            definition.Estimate(stats, [0], [total], total, deltas, 0, psi, new MaximizationContext(new List<FitWarning>()));
        }
        else
        {
            // Variances as numpy's var, a constant feature's 0 included (each component's N_k S_k carries reg_covar), in
            // the arithmetic of the type's Estimate (which the finish with reg_covar = 0 leaves unchanged where they are
            // positive); rounding below 0 is 0.
            var s = stats.SecondOrder;
            if (type == CovarianceType.Diagonal)
            {
                for (int j = 0; j < d; j++) psi[j] = Math.Max(s[j] / total - deltas[j] * deltas[j], 0);
            }
            else
            {
                double squared = 0;
                for (int j = 0; j < d; j++) squared += deltas[j] * deltas[j];
                psi[0] = Math.Max((s[0] / total - squared) / d, 0);
            }
        }
        for (int i = 0; i < psi.Length; i++) psi[i] *= total / (total - 1);
        return psi;
    }
}
