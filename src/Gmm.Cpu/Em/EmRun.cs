using System.Diagnostics;
using System.Numerics;

namespace Gmm;

/// <summary>
/// The one EM loop: iterations from a starting state on one backend, for any M-step. Each <see cref="Step"/> is an
/// E-step — the backend's <see cref="SufficientStatistics"/> of every point under the M-step's expectation model — and
/// an M-step (<see cref="MaximizationStep{TState}.Maximize"/>); <see cref="Run"/> repeats it until the lower bound
/// changes by less than a tolerance. Estimators (<see cref="GaussianMixture"/>, and any other built on a
/// <see cref="MaximizationStep{TState}"/>) add initialisation and restarts around it.
/// <para>
/// With <see cref="MaximumLikelihoodStep"/> and a backend that implements <see cref="IMaximumLikelihoodStepper{T}"/>, the
/// backend runs the M-step where its statistics are (a GPU's device M-step); with any other step the statistics come to
/// the host every iteration.
/// </para>
/// </summary>
/// <typeparam name="T">The compute type of the backend and the data: float or double.</typeparam>
/// <typeparam name="TState">What the M-step estimates (a <see cref="GaussianMixtureModel"/> for maximum likelihood).</typeparam>
public sealed class EmRun<T, TState> where T : unmanaged, IFloatingPointIeee754<T> where TState : class
{
    private readonly IEmBackend<T> _backend;
    private readonly IDataSource<T> _data;
    private readonly MaximizationStep<TState> _step;
    private readonly IMaximumLikelihoodStepper<T>? _stepper;
    private readonly List<double> _history = [];
    private readonly IReadOnlyList<double> _historyView;
    private TState? _state; // null while the backend's stepper holds the model
    private SufficientStatistics? _reusedStatistics; // see StatisticsFor

    /// <summary>Starts a run from <paramref name="start"/>; nothing is computed until <see cref="Step"/> or <see cref="Run"/>.</summary>
    /// <param name="backend">Computes the statistics (the caller owns and disposes it).</param>
    /// <param name="data">The points (n×d), streamed once per iteration.</param>
    /// <param name="step">The M-step.</param>
    /// <param name="start">The starting state; its expectation model must have d = <paramref name="data"/>'s dimension.</param>
    /// <param name="warnings">Where warnings of the run go (a new list when null); see <see cref="Warnings"/>.</param>
    /// <param name="initialization">Zero-based initialisation index the warnings and progress reports carry (≥ 0).</param>
    /// <param name="iterationsDone">
    /// Iterations an earlier run of the same fit already did from which <paramref name="start"/> comes (≥ 0; e.g. a
    /// float32 run that this float64 run finishes): this run numbers its iterations after them.
    /// </param>
    /// <exception cref="ArgumentException">The start's dimension differs from the data's.</exception>
    public EmRun(IEmBackend<T> backend, IDataSource<T> data, MaximizationStep<TState> step, TState start,
        IList<FitWarning>? warnings = null, int initialization = 0, int iterationsDone = 0)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(initialization);
        ArgumentOutOfRangeException.ThrowIfNegative(iterationsDone);
        var model = step.ExpectationModel(start);
        if (model.Dimension != data.Dimension)
            throw new ArgumentException($"The starting model has {model.Dimension} features but the data has {data.Dimension}.", nameof(start));
        _backend = backend;
        _data = data;
        _step = step;
        _state = start;
        _historyView = _history.AsReadOnly();
        Warnings = warnings ?? new List<FitWarning>();
        Initialization = initialization;
        Iterations = iterationsDone;
        if (step is MaximumLikelihoodStep && backend is IMaximumLikelihoodStepper<T> stepper)
        {
            _stepper = stepper;
            stepper.Start(model, data);
        }
    }

    /// <summary>The current state: after the last M-step, or the start before any.</summary>
    public TState State => _state ?? (TState)(object)_stepper!.Model;

    /// <summary>Zero-based initialisation index of this run.</summary>
    public int Initialization { get; }

    /// <summary>Iterations done (one-based index of the last one, counting the constructor's iterationsDone).</summary>
    public int Iterations { get; private set; }

    /// <summary>The lower bound after the last iteration (nats; see <see cref="MaximizationResult{TState}.LowerBound"/>); −∞, or the value given to <see cref="Run"/>, before any.</summary>
    public double LowerBound { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// How finely the compute type <typeparamref name="T"/> resolves the last iteration's lower bound, in nats: its unit
    /// roundoff (2⁻²⁴ for float, 2⁻⁵³ for double) times the M-step's <see cref="MaximizationResult{TState}.LowerBoundScale"/>;
    /// 0 before any iteration and for steps that give no scale. A change of the bound smaller than this is rounding.
    /// </summary>
    public double LowerBoundResolution { get; private set; }

    /// <summary>
    /// Whether the last <see cref="Run"/> was asked to stop at the resolution and stopped there: this compute type cannot
    /// tell whether the change of the bound is under the tolerance (see <see cref="Run"/>'s stopAtResolution), so
    /// <see cref="Converged"/> is false and no warning is added; the caller finishes the fit in a finer type.
    /// </summary>
    public bool StoppedAtResolution { get; private set; }

    /// <summary>
    /// Whether the last <see cref="Run"/> was asked to stop at a certified rise and stopped there: a change of the bound
    /// (against the previous iteration of this run, not a start's −∞) of at least <see cref="ResolvedRiseFactor"/> × the
    /// tolerance, resolved by this compute type, with an iteration left (see <see cref="RunPhase"/>'s stopAtCertifiedRise);
    /// <see cref="Converged"/> is false and no warning is added; the caller continues the fit in a coarser type.
    /// </summary>
    internal bool StoppedAtCertifiedRise { get; private set; }

    /// <summary>The lower bound after each iteration of this run, in order.</summary>
    public IReadOnlyList<double> LowerBoundHistory => _historyView;

    /// <summary>Whether the last <see cref="Run"/> stopped because the lower bound changed by less than its tolerance.</summary>
    public bool Converged { get; private set; }

    /// <summary>The warnings of the run (and whatever the list held before).</summary>
    public IList<FitWarning> Warnings { get; }

    /// <summary>One EM iteration: E-step under the current state, then the M-step.</summary>
    /// <returns>The M-step's lower bound.</returns>
    /// <exception cref="InvalidOperationException">The log-likelihood or the lower bound became NaN (the run cannot continue).</exception>
    public double Step()
    {
        int iteration = Iterations + 1;
        var context = new MaximizationContext(Warnings, Initialization, iteration);
        double lowerBound, resolution = 0;
        if (_stepper is not null)
        {
            var maximumLikelihood = (MaximumLikelihoodStep)(object)_step;
            var (logLikelihood, weightSum) = _stepper.Step(maximumLikelihood.RegularizationCovariance, statistics => maximumLikelihood.Estimate(statistics, context));
            lowerBound = MaximumLikelihoodStep.LowerBound(logLikelihood, weightSum);
            ThrowIfNaN(lowerBound, "log-likelihood", iteration);
            _state = null;
        }
        else
        {
            var current = _state!;
            var model = _step.ExpectationModel(current);
            var statistics = StatisticsFor(model);
            _backend.Accumulate(model, _data, statistics);
            ThrowIfNaN(statistics.LogLikelihood / statistics.WeightSum, "log-likelihood", iteration);
            var result = _step.Maximize(statistics, current, context);
            ThrowIfNaN(result.LowerBound, "lower bound", iteration);
            _state = result.State ?? throw new InvalidOperationException($"{_step.GetType().Name}.Maximize returned no state.");
            lowerBound = result.LowerBound;
            resolution = UnitRoundoff * result.LowerBoundScale;
        }
        LowerBoundResolution = resolution;
        Iterations = iteration;
        LowerBound = lowerBound;
        _history.Add(lowerBound);
        return lowerBound;
    }

    /// <summary>
    /// Iterates until the lower bound changes by less than <paramref name="tolerance"/> (converged) or
    /// <paramref name="maxIterations"/> more iterations ran; a run that does not converge adds a
    /// <see cref="FitWarningKind.NotConverged"/> warning (none when <paramref name="maxIterations"/> is 0).
    /// </summary>
    /// <param name="maxIterations">Most iterations to run (≥ 0).</param>
    /// <param name="tolerance">Convergence threshold on the change of the lower bound (≥ 0).</param>
    /// <param name="previousLowerBound">
    /// The lower bound the first iteration is compared with: null for the last one of this run (−∞ before any), or e.g.
    /// a warm start's last fit (scikit-learn compares a warm start's first iteration with it).
    /// </param>
    /// <param name="progress">Receives a report after each iteration.</param>
    /// <param name="cancellationToken">Checked before each iteration.</param>
    /// <param name="stopAtResolution">
    /// Stop instead, with <see cref="StoppedAtResolution"/> set, <see cref="Converged"/> false and no warning, when
    /// <paramref name="tolerance"/> &gt; 0, an iteration is left, and <typeparamref name="T"/> cannot resolve the change
    /// against the tolerance: <see cref="LowerBoundResolution"/> is at least the tolerance and the change is smaller
    /// than it in magnitude — a change under the tolerance (the stop may be rounding cancelling a real change), a fall
    /// (an EM or variational iteration cannot lower its bound in exact arithmetic, so rounding outweighs the change), or
    /// a rise under <see cref="ResolvedRiseFactor"/> × the tolerance (as likely rounding as a real change). The caller
    /// then decides convergence in a finer compute type.
    /// </param>
    /// <returns><see cref="Converged"/>.</returns>
    public bool Run(int maxIterations, double tolerance, double? previousLowerBound = null,
        IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default, bool stopAtResolution = false) =>
        RunPhase(maxIterations, tolerance, previousLowerBound, progress, cancellationToken, stopAtResolution);

    /// <summary>
    /// <see cref="Run"/> as one phase of a fit that runs in two compute types (the float64 finish's checks,
    /// <see cref="Float64Finish"/>), with the options such a phase needs besides <see cref="Run"/>'s.
    /// </summary>
    /// <param name="maxIterations">As <see cref="Run"/>'s.</param>
    /// <param name="tolerance">As <see cref="Run"/>'s.</param>
    /// <param name="previousLowerBound">As <see cref="Run"/>'s.</param>
    /// <param name="progress">As <see cref="Run"/>'s.</param>
    /// <param name="cancellationToken">As <see cref="Run"/>'s.</param>
    /// <param name="stopAtResolution">As <see cref="Run"/>'s.</param>
    /// <param name="ignoreUnresolvedFor">
    /// With stopAtResolution: the first this many iterations of this call do not stop at an unresolved change (a run
    /// resumed after a finer type certified a rise under this type's resolution expects such changes), unless a change
    /// of at least <see cref="LowerBoundResolution"/> (a burst this type resolves) came before in this call; from then on
    /// the run stops at the first unresolved change (≥ 0; 0: at the first one, as without). With it &gt; 0 an unresolved
    /// change never counts as convergence, even at the last iteration.
    /// </param>
    /// <param name="stopAtCertifiedRise">
    /// Stop instead, with <see cref="StoppedAtCertifiedRise"/> set, <see cref="Converged"/> false and no warning, when
    /// <paramref name="tolerance"/> &gt; 0, an iteration is left, and the change from the previous iteration (not from a
    /// −∞ start) rises by at least <see cref="ResolvedRiseFactor"/> × the tolerance and is resolved
    /// (<see cref="LowerBoundResolution"/> under the change): the fit is certainly progressing, and the caller may go on
    /// in a coarser, faster compute type.
    /// </param>
    /// <param name="laterRunContinues">
    /// A later run continues the fit after this call (with the iterations left of the fit's MaxIterations): running out
    /// of <paramref name="maxIterations"/> without converging adds no warning here, so that the fit warns once, from the
    /// run that ends it.
    /// </param>
    /// <returns><see cref="Converged"/>.</returns>
    internal bool RunPhase(int maxIterations, double tolerance, double? previousLowerBound = null,
        IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default, bool stopAtResolution = false,
        int ignoreUnresolvedFor = 0, bool stopAtCertifiedRise = false, bool laterRunContinues = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ignoreUnresolvedFor);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must be ≥ 0.");
        LowerBound = previousLowerBound ?? LowerBound;
        Converged = false;
        StoppedAtResolution = false;
        StoppedAtCertifiedRise = false;
        int startedAt = Iterations;
        bool burst = false; // a change of at least the resolution came in this call
        for (int done = 0; done < maxIterations; done++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            double previous = LowerBound;
            double lowerBound = Step();
            double change = lowerBound - previous;
            progress?.Report(new IterationReport(Initialization, Iterations, lowerBound, double.IsInfinity(previous) ? double.NaN : change,
                Stopwatch.GetElapsedTime(started)));
            bool left = tolerance > 0 && done + 1 < maxIterations;
            bool unresolved = stopAtResolution && tolerance > 0 && Unresolved(change, tolerance);
            if (unresolved && left && (done >= ignoreUnresolvedFor || burst))
            {
                StoppedAtResolution = true;
                break;
            }
            if (Math.Abs(change) < tolerance && !(unresolved && ignoreUnresolvedFor > 0)) { Converged = true; break; } // an ignored change under the resolution is no convergence
            bool compared = !double.IsInfinity(previous);
            if (stopAtCertifiedRise && left && compared && change >= ResolvedRiseFactor * tolerance && change > LowerBoundResolution)
            {
                StoppedAtCertifiedRise = true;
                break;
            }
            burst |= compared && Math.Abs(change) >= LowerBoundResolution && LowerBoundResolution >= tolerance;
        }
        if (!Converged && !StoppedAtResolution && !StoppedAtCertifiedRise && maxIterations > 0 && !laterRunContinues)
            Warnings.Add(new FitWarning(FitWarningKind.NotConverged, Initialization, Iterations, -1,
                $"Initialisation {Initialization} did not converge in {startedAt + maxIterations} iterations (last change of the lower bound above tolerance {tolerance:G3}); increase MaxIterations or Tolerance, or check the data."));
        return Converged;
    }

    /// <summary>
    /// Whether <see cref="LowerBoundResolution"/> hides how <paramref name="change"/> compares with
    /// <paramref name="tolerance"/>: the resolution is at least the tolerance and the change is under the resolution in
    /// magnitude, unless it is a rise of <see cref="ResolvedRiseFactor"/> × the tolerance or more.
    /// </summary>
    private bool Unresolved(double change, double tolerance) =>
        LowerBoundResolution >= tolerance && Math.Abs(change) < LowerBoundResolution && change < ResolvedRiseFactor * tolerance;

    /// <summary>
    /// A rise of the bound under the resolution but of at least this many tolerances keeps a run that stops at its
    /// resolution going. A slowly converging fit rises by more than the tolerance but less than the resolution for
    /// many iterations, each of which a finer compute type would run at several times the cost; at convergence,
    /// rounding alone moves the bound by a few tolerances, up or down (docs/architecture.md, "Convergence of a float32
    /// variational fit").
    /// </summary>
    internal const double ResolvedRiseFactor = 10;

    /// <summary>
    /// Empty statistics for the E-step under <paramref name="model"/>. The maximum-likelihood and variational steps on
    /// the CPU backend (neither keeps the statistics after the iteration: the steps copy what the next state needs)
    /// reuse one object for every iteration, re-referenced in place, so an iteration allocates no fresh memory for them
    /// (k·d² values for full); any other step or backend gets new statistics, as it may keep them.
    /// </summary>
    private SufficientStatistics StatisticsFor(GaussianMixtureModel model)
    {
        bool reusable = _step is (MaximumLikelihoodStep or VariationalStep) && _backend is Gmm.Cpu.CpuEmBackend<T>;
        if (!reusable) return SufficientStatistics.For<T>(model);
        if (_reusedStatistics is { } statistics && statistics.TryResetFor<T>(model)) return statistics;
        return _reusedStatistics = SufficientStatistics.For<T>(model);
    }

    /// <summary>The statistics object the run reuses across iterations (for tests); null when it reuses none.</summary>
    internal SufficientStatistics? ReusedStatistics => _reusedStatistics;

    /// <summary>The spacing of <typeparamref name="T"/> just below 1, its unit roundoff u (half its machine epsilon): 2⁻²⁴ for float, 2⁻⁵³ for double.</summary>
    private static readonly double UnitRoundoff = double.CreateTruncating(T.One - T.BitDecrement(T.One));

    private static void ThrowIfNaN(double value, string what, int iteration)
    {
        if (double.IsNaN(value))
            throw new InvalidOperationException($"The {what} became NaN at iteration {iteration}; increase RegularizationCovariance.");
    }
}
