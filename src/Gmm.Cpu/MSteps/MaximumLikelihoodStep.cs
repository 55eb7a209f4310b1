using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// The maximum-likelihood M-step (scikit-learn's GaussianMixture: _estimate_gaussian_parameters plus reg_covar): the
/// statistics give the next model directly, and the lower bound is the E-step's mean log-likelihood. Components whose
/// weight vanished are dropped; covariances that collapse or are not positive definite are regularised; each is
/// reported as a <see cref="FitWarning"/>. A backend implementing <see cref="IMaximumLikelihoodStepper{T}"/> may run
/// this step where its statistics live, with the same result.
/// </summary>
public sealed class MaximumLikelihoodStep : MaximizationStep<GaussianMixtureModel>
{
    /// <summary>A component with N_k below this fraction of an average point's weight (Σ w / n) is empty and dropped.</summary>
    public const double EmptyComponentFraction = 1e-6;

    /// <summary>
    /// Added to every component's weight sum N_k before it divides (scikit-learn's 10·ε of float64), so an empty
    /// component's means and covariances stay finite; an M-step on a device adds the same.
    /// </summary>
    public const double ComponentWeightEpsilon = 10 * 2.220446049250313e-16;

    /// <summary>Creates the step.</summary>
    /// <param name="regularizationCovariance">reg_covar: added to the diagonal of every covariance (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite regularisation.</exception>
    public MaximumLikelihoodStep(double regularizationCovariance)
    {
        if (!(regularizationCovariance >= 0) || double.IsInfinity(regularizationCovariance))
            throw new ArgumentOutOfRangeException(nameof(regularizationCovariance), regularizationCovariance, "regularizationCovariance must be a finite number ≥ 0.");
        RegularizationCovariance = regularizationCovariance;
    }

    /// <summary>reg_covar, added to the diagonal of every covariance at every M-step.</summary>
    public double RegularizationCovariance { get; }

    /// <summary>The lower bound of maximum likelihood: Σ w log p(x) / Σ w, the mean log-likelihood per unit weight (nats).</summary>
    public static double LowerBound(double logLikelihood, double weightSum) => logLikelihood / weightSum;

    /// <inheritdoc />
    public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state;
    }

    /// <inheritdoc />
    public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
        Estimate(statistics, context);

    /// <inheritdoc />
    public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new(Estimate(statistics, context), LowerBound(statistics.LogLikelihood, statistics.WeightSum));
    }

    /// <summary>
    /// The model that maximises the likelihood given <paramref name="statistics"/>: weights N_k / Σ N, means
    /// reference + F_k / N_k, covariances by type plus reg_covar. A component whose N_k is below
    /// <see cref="EmptyComponentFraction"/> of an average point's weight (or not finite) is dropped, so the model may
    /// have fewer components than the statistics.
    /// </summary>
    /// <exception cref="InvalidOperationException">Every component is empty.</exception>
    public GaussianMixtureModel Estimate(SufficientStatistics statistics, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(context);
        var stats = statistics;
        int k = stats.ComponentCount, d = stats.Dimension;
        double emptyBelow = EmptyComponentFraction * stats.WeightSum / Math.Max(stats.PointCount, 1);
        var keep = new List<int>(k);
        for (int c = 0; c < k; c++)
        {
            if (stats.ZerothOrder[c] >= emptyBelow && double.IsFinite(stats.ZerothOrder[c])) keep.Add(c);
            else context.Warn(FitWarningKind.ComponentDropped, c,
                $"Component {c} lost all its points (N_k = {stats.ZerothOrder[c]:G3}) and was removed from the mixture. Fewer components or another initialisation may fit better.");
        }
        if (keep.Count == 0) throw new InvalidOperationException("Every component lost its points; the data's weights are degenerate.");

        int kept = keep.Count;
        var counts = new double[kept];
        var weights = new double[kept];
        var means = new double[kept * d];
        var deltas = new double[kept * d]; // mean − reference
        double countSum = 0;
        for (int i = 0; i < kept; i++)
        {
            int c = keep[i];
            counts[i] = stats.ZerothOrder[c] + ComponentWeightEpsilon;
            countSum += counts[i];
            for (int j = 0; j < d; j++)
            {
                double delta = stats.FirstOrder[c * d + j] / counts[i];
                deltas[i * d + j] = delta;
                means[i * d + j] = stats.ReferenceArray[c * d + j] + delta;
            }
        }
        for (int i = 0; i < kept; i++) weights[i] = counts[i] / countSum;

        var definition = CovarianceDefinition.For(stats.CovarianceType);
        var covariances = new double[definition.CovarianceLength(kept, d)];
        bool matrices = definition is MatrixCovariance;
        var precisionsCholesky = matrices ? new double[covariances.Length] : [];
        var logDeterminants = matrices ? new double[kept] : [];
        bool factored = definition.EstimateAndFactor(stats, CollectionsMarshal.AsSpan(keep), counts, countSum, deltas,
            RegularizationCovariance, covariances, precisionsCholesky, logDeterminants, context);
        // Full and tied: the model takes these fresh arrays as they are, without copies or a second factorisation.
        return factored
            ? new GaussianMixtureModel(stats.CovarianceType, weights, means, covariances, precisionsCholesky, logDeterminants)
            : new GaussianMixtureModel(stats.CovarianceType, weights, means, covariances);
    }
}
