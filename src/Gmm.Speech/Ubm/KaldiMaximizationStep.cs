using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Gmm.Speech.Ubm;

/// <summary>
/// Kaldi's maximum-likelihood M-step for a UBM (gmm-global-est: MleDiagGmmUpdate, and fgmm-global-est: MleFullGmmUpdate)
/// through the EM loop's M-step seam: weights N_k / Σ N, means and covariances from the statistics; a component whose
/// weight is not above <see cref="KaldiEstimationOptions.MinGaussianWeight"/> or whose occupancy is not above
/// <see cref="KaldiEstimationOptions.MinGaussianOccupancy"/> is removed (a <see cref="FitWarningKind.ComponentDropped"/>
/// warning) or, when removal is off, keeps its parameters; diagonal variances are floored per feature, full covariances'
/// eigenvalues at max(floor, λ_max / max condition) (a <see cref="FitWarningKind.VarianceFloored"/> warning); a component kept without an update is reported as
/// <see cref="FitWarningKind.ComponentNotUpdated"/>. Repeated warnings are given once per initialisation of the context
/// (<see cref="MaximizationContext.WarnOnce"/>).
/// No reg_covar is added: the floors stand in for it, as in Kaldi. The lower bound is the E-step's mean log-likelihood.
/// <para>
/// Unlike Kaldi, a component kept without an update has its weight max(N_k / Σ N, min weight) renormalised with the
/// others, so that the weights sum to 1 (Kaldi leaves their sum slightly above 1).
/// </para>
/// </summary>
public sealed class KaldiMaximizationStep : MaximizationStep<GaussianMixtureModel>
{
    /// <summary>Kaldi's --min-variance default, the floor of every feature when no floors are given.</summary>
    public const double DefaultVarianceFloor = 0.001;

    /// <summary>Creates the step.</summary>
    /// <param name="options">The floors; null for Kaldi's (with the sid recipes' minimum weight 1e-4).</param>
    /// <exception cref="ArgumentException">An invalid option.</exception>
    public KaldiMaximizationStep(KaldiEstimationOptions? options = null)
    {
        Options = options ?? new KaldiEstimationOptions();
        Options.Validate();
    }

    /// <summary>The floors.</summary>
    public KaldiEstimationOptions Options { get; }

    /// <inheritdoc />
    public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state;
    }

    /// <summary>The starting model from statistics of starting responsibilities: <see cref="Estimate"/> with no current model (components below the floors are removed).</summary>
    public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
        Estimate(statistics, null, context);

    /// <inheritdoc />
    public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(current);
        return new(Estimate(statistics, current, context), statistics.LogLikelihood / statistics.WeightSum);
    }

    /// <summary>
    /// Kaldi's update of <paramref name="current"/> from <paramref name="statistics"/> (diagonal or full; taken under
    /// <paramref name="current"/>, or under any model when <paramref name="current"/> is null, in which case components
    /// below the floors are removed whatever <see cref="KaldiEstimationOptions.RemoveLowCountGaussians"/> says).
    /// </summary>
    /// <exception cref="ArgumentException">Statistics of another covariance type or shape than <paramref name="current"/>, or floors of the wrong length.</exception>
    public GaussianMixtureModel Estimate(SufficientStatistics statistics, GaussianMixtureModel? current, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(context);
        var type = statistics.CovarianceType;
        if (type is not (CovarianceType.Diagonal or CovarianceType.Full))
            throw new ArgumentException($"Kaldi's UBM update needs diagonal or full statistics, not {type}.", nameof(statistics));
        int k = statistics.ComponentCount, d = statistics.Dimension;
        if (current is not null && (current.ComponentCount != k || current.Dimension != d || current.CovarianceType != type))
            throw new ArgumentException($"current ({current.ComponentCount} components, {current.Dimension} features, {current.CovarianceType}) does not match the statistics ({k}, {d}, {type}).", nameof(current));
        var floors = VarianceFloors(d);
        int perComponent = type == CovarianceType.Full ? d * d : d;
        double occupancySum = statistics.ZerothOrder.Sum();
        var weights = new List<double>(k);
        var means = new List<double>(k * d);
        var covariances = new List<double>(k * perComponent);
        var covariance = new double[perComponent];
        int removed = 0, flooredValues = 0, flooredComponents = 0;
        for (int c = 0; c < k; c++)
        {
            double occupancy = statistics.ZerothOrder[c];
            double weight = occupancySum > 0 ? occupancy / occupancySum : 1.0 / k;
            bool enough = occupancy > Options.MinGaussianOccupancy && weight > Options.MinGaussianWeight;
            if (!enough && (current is null || Options.RemoveLowCountGaussians) && removed < k - 1)
            {
                removed++;
                context.Warn(FitWarningKind.ComponentDropped, c, string.Create(CultureInfo.InvariantCulture,
                    $"Too little data: component {c} was removed (weight {weight:G3}, occupancy {occupancy:G4}; floors {Options.MinGaussianWeight:G3} and {Options.MinGaussianOccupancy:G3})."));
                continue;
            }
            if (!enough && current is not null)
            {
                // Kept without an update (removal off, or the last component): Kaldi keeps its parameters.
                weights.Add(Math.Max(weight, Options.MinGaussianWeight));
                means.AddRange(current.MeansSpan.Slice(c * d, d));
                covariances.AddRange(current.CovariancesSpan.Slice(c * perComponent, perComponent));
                context.WarnOnce(FitWarningKind.ComponentNotUpdated, c,
                    string.Create(CultureInfo.InvariantCulture, $"Component {c} has too little data (weight {weight:G3}, occupancy {occupancy:G4}) and was not updated."));
                continue;
            }
            if (!(occupancy > 0))
                throw new InvalidOperationException($"Component {c} has no data and is the last one left; the statistics are empty.");
            weights.Add(weight);
            var reference = statistics.Reference.Slice(c * d, d);
            var delta = new double[d];
            for (int j = 0; j < d; j++)
            {
                delta[j] = statistics.FirstOrder[c * d + j] / occupancy;
                means.Add(reference[j] + delta[j]);
            }
            int floored = type == CovarianceType.Full
                ? FullCovariance(statistics, c, occupancy, delta, covariance)
                : DiagonalVariances(statistics, c, occupancy, delta, floors, covariance);
            if (floored > 0)
            {
                flooredValues += floored;
                flooredComponents++;
            }
            covariances.AddRange(covariance);
        }
        if (flooredValues > 0)
            context.WarnOnce(FitWarningKind.VarianceFloored, -1, string.Create(CultureInfo.InvariantCulture,
                $"{flooredValues} {(type == CovarianceType.Full ? "eigenvalues" : "variances")} floored in {flooredComponents} components."));
        double total = weights.Sum();
        return new GaussianMixtureModel(type, [.. weights.Select(w => w / total)], [.. means], [.. covariances]);
    }

    private double[] VarianceFloors(int d)
    {
        if (Options.VarianceFloors is null) return Enumerable.Repeat(DefaultVarianceFloor, d).ToArray();
        if (Options.VarianceFloors.Count != d)
            throw new ArgumentException($"VarianceFloors holds {Options.VarianceFloors.Count} values but the statistics have {d} features.", nameof(Options));
        return [.. Options.VarianceFloors];
    }

    /// <summary>S/N − δ² per feature, floored; returns how many were floored.</summary>
    private static int DiagonalVariances(SufficientStatistics statistics, int c, double occupancy, double[] delta, double[] floors, double[] variances)
    {
        int d = delta.Length, floored = 0;
        for (int j = 0; j < d; j++)
        {
            double v = statistics.SecondOrder[c * d + j] / occupancy - delta[j] * delta[j];
            if (!(v >= floors[j]))
            {
                v = floors[j];
                floored++;
            }
            variances[j] = v;
        }
        return floored;
    }

    /// <summary>½(S + Sᵀ)/N − δδᵀ with its eigenvalues floored (Kaldi's SpMatrix::ApplyFloor); returns how many were floored.</summary>
    private int FullCovariance(SufficientStatistics statistics, int c, double occupancy, double[] delta, double[] covariance)
    {
        int d = delta.Length;
        var s = statistics.SecondOrder.AsSpan(c * d * d, d * d);
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                covariance[a * d + b] = 0.5 * (s[a * d + b] + s[b * d + a]) / occupancy - delta[a] * delta[b];
        var matrix = Matrix<double>.Build.Dense(d, d, (a, b) => covariance[a * d + b]);
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(v => v.Real).ToArray();
        double largest = eigenvalues.Max(Math.Abs);
        double floor = Math.Max(Options.EigenvalueFloor, largest / Options.MaxConditionNumber);
        int floored = eigenvalues.Count(v => !(v >= floor));
        if (floored == 0) return 0;
        for (int i = 0; i < d; i++) eigenvalues[i] = Math.Max(eigenvalues[i], floor);
        var vectors = evd.EigenVectors;
        var rebuilt = vectors * Matrix<double>.Build.DenseOfDiagonalArray(eigenvalues) * vectors.Transpose();
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) covariance[a * d + b] = 0.5 * (rebuilt[a, b] + rebuilt[b, a]);
        return floored;
    }
}
