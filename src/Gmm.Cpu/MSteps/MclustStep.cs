namespace Gmm;

/// <summary>
/// The M-step of one of mclust's constrained models (<see cref="MclustModel"/>) for the one EM loop
/// (<see cref="EmRun{T, TState}"/>): the statistics of the model's covariance type → the maximum-likelihood estimate
/// under the model's constraint (<see cref="MclustModels"/>), as a <see cref="GaussianMixtureModel"/> of that type. The
/// lower bound is the E-step's mean log-likelihood, as for <see cref="MaximumLikelihoodStep"/>. Components whose weight
/// vanished are dropped and reported, as there; reg_covar enters as N_k·r·I on every scatter matrix, which keeps the
/// constraint; a degenerate estimate gets more of it, with a warning.
/// <para>
/// The iterative M-steps VEI, EVE, VVE and VEV start from the current model's decomposition, as mclust's EM does (VEE
/// restarts, as there): the one the previous M-step made (kept by the instance, so an instance belongs to one run at a
/// time), or that of a current model given as parameters that obeys the constraint.
/// </para>
/// </summary>
public sealed class MclustStep : MaximizationStep<GaussianMixtureModel>
{
    private GaussianMixtureModel? _lastModel;
    private MclustEstimate? _lastEstimate;

    /// <summary>Creates the step.</summary>
    /// <param name="model">The mclust model.</param>
    /// <param name="regularizationCovariance">reg_covar (finite, ≥ 0), added as N_k·r·I to every scatter matrix.</param>
    /// <param name="options">Inner tolerance and iteration limit of the iterative M-steps; null for mclust's defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An unknown model or a negative or non-finite regularisation.</exception>
    public MclustStep(MclustModel model, double regularizationCovariance, MclustMStepOptions? options = null)
    {
        Info = MclustModels.Get(model);
        if (!(regularizationCovariance >= 0) || double.IsInfinity(regularizationCovariance))
            throw new ArgumentOutOfRangeException(nameof(regularizationCovariance), regularizationCovariance, "regularizationCovariance must be a finite number ≥ 0.");
        RegularizationCovariance = regularizationCovariance;
        Options = options ?? new MclustMStepOptions();
        Options.Validate();
    }

    /// <summary>The model's row of the table.</summary>
    public MclustModelInfo Info { get; }

    /// <summary>reg_covar.</summary>
    public double RegularizationCovariance { get; }

    /// <summary>Control of the iterative M-steps.</summary>
    public MclustMStepOptions Options { get; }

    /// <inheritdoc />
    public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state;
    }

    /// <inheritdoc />
    public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
        Estimate(statistics, null, context);

    /// <inheritdoc />
    public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        // The previous M-step's own decomposition when it made the current model; else the current model's, when it obeys
        // the constraint (a start given as parameters); else none (the M-step's own start).
        var start = ReferenceEquals(current, _lastModel) ? _lastEstimate : MclustEstimate.Decompose(current, Info.Model);
        return new(Estimate(statistics, start, context), MaximumLikelihoodStep.LowerBound(statistics.LogLikelihood, statistics.WeightSum));
    }

    /// <summary>The constrained estimate from <paramref name="statistics"/> (of the model's covariance type).</summary>
    /// <exception cref="ArgumentException">Statistics of another covariance type.</exception>
    /// <exception cref="InvalidOperationException">Every component is empty, or no regularisation makes the estimate usable.</exception>
    private GaussianMixtureModel Estimate(SufficientStatistics statistics, MclustEstimate? start, MaximizationContext context)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(context);
        if (statistics.CovarianceType != Info.CovarianceType)
            throw new ArgumentException($"{Info.Name} needs {Info.CovarianceType} statistics; got {statistics.CovarianceType}.", nameof(statistics));
        var keep = KeptComponents(statistics, context);
        double regularization = RegularizationCovariance;
        for (int attempt = 0; ; attempt++)
        {
            var estimate = Info.MStep(ComponentScatter.FromStatistics(statistics, regularization, keep), Options, start);
            var model = estimate is null ? null : TryModel(estimate);
            if (model is not null)
            {
                if (estimate!.InnerIterations >= Options.InnerMaxIterations && Info.IsIterative)
                    context.WarnOnce(FitWarningKind.NotConverged, -1,
                        $"The {Info.Name} M-step stopped at its inner iteration limit ({Options.InnerMaxIterations}) with a change of {estimate.InnerError:G3}; raise MclustMStepOptions.InnerMaxIterations.");
                _lastModel = model;
                _lastEstimate = estimate;
                return model;
            }
            if (attempt == 40)
                throw new InvalidOperationException($"The {Info.Name} M-step stayed degenerate after extra regularisation; the data may hold NaN or Inf, or the model may not suit it.");
            regularization = Math.Max(regularization * 10, ScaleOf(statistics) * 1e-10);
            context.WarnOnce(FitWarningKind.RegularizationIncreased, -1,
                $"The {Info.Name} estimate was degenerate (a volume or shape fell to zero); reg_covar was raised to {regularization:G3} for it. Try fewer components, another model, or a larger reg_covar.");
        }
    }

    /// <summary>The components to keep: those whose N_k is at least <see cref="MaximumLikelihoodStep.EmptyComponentFraction"/> of an average point's weight.</summary>
    private static int[] KeptComponents(SufficientStatistics statistics, MaximizationContext context)
    {
        double emptyBelow = MaximumLikelihoodStep.EmptyComponentFraction * statistics.WeightSum / Math.Max(statistics.PointCount, 1);
        var keep = new List<int>(statistics.ComponentCount);
        for (int c = 0; c < statistics.ComponentCount; c++)
        {
            if (statistics.ZerothOrder[c] >= emptyBelow && double.IsFinite(statistics.ZerothOrder[c])) keep.Add(c);
            else context.Warn(FitWarningKind.ComponentDropped, c,
                $"Component {c} lost all its points (N_k = {statistics.ZerothOrder[c]:G3}) and was removed from the mixture. Fewer components or another initialisation may fit better.");
        }
        if (keep.Count == 0) throw new InvalidOperationException("Every component lost its points; the data's weights are degenerate.");
        return [.. keep];
    }

    /// <summary>The estimate as a model, or null when its covariances are not positive definite.</summary>
    private static GaussianMixtureModel? TryModel(MclustEstimate estimate)
    {
        try { return estimate.ToModel(); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>A typical per-point second moment, to size extra regularisation when reg_covar is 0.</summary>
    private static double ScaleOf(SufficientStatistics statistics)
    {
        double sum = 0;
        foreach (double s in statistics.SecondOrder) sum += Math.Abs(s);
        return Math.Max(sum / Math.Max(statistics.WeightSum, 1e-300) / Math.Max(statistics.Dimension, 1), 1e-300);
    }
}
