using System.Numerics;

namespace Gmm;

/// <summary>
/// Finishes in float64 a float32 variational run that stopped at its bound's float32 resolution
/// (<see cref="EmRun{T, TState}.StoppedAtResolution"/>): the same variational step from the run's posterior, on a float64
/// backend of the fit's provider and the points in float64, numbered after the float32 iterations, until the bound changes
/// by less than the tolerance or MaxIterations is reached in all — or, as a check, until it certifies a rise of at least
/// ten tolerances, where the fit goes back to float32 until that stops at its resolution again or one iteration is
/// left, which a check runs (<see cref="Run"/>). The
/// backend and the points are made on first use and shared by the fit's initialisations. Its first iteration waits for
/// the float64 kernel's warm-up that
/// <see cref="Anticipate"/> started (<see cref="FirstIteration.Ready"/>), as a fit's first iteration waits for its own.
/// On the CPU the backend's kernel runs one form of each step (<see cref="Cpu.CpuBackendProvider.CreateMinimal{T}"/>):
/// for the finish's few iterations, compiling the faster forms costs more than they save; the values are the same. A
/// finish that runs on past <paramref name="pointsBeforeFullKernel"/> point-passes gets the kernel of every form
/// (<see cref="Float64FinishFullKernel"/>).
/// </summary>
/// <param name="provider">The fit's backend provider.</param>
/// <param name="data">Makes the fit's points in float64 (called once, on first use); null when there are none.</param>
/// <param name="pointsBeforeFullKernel">
/// On the CPU: the points passed over (iterations × points) after which the finish starts the warm-up of the kernel of
/// every form and then runs on it (≥ 0; default <see cref="PointsBeforeFullKernel"/>).
/// </param>
/// <param name="fullKernelWarmUp">
/// Starts that warm-up, given the fit's options and d (null: the provider's warm-up of the float64 variational kernel
/// of the fit's shape; tests give their own).
/// </param>
internal sealed class Float64Finish(IEmBackendProvider provider, Func<IDataSource<double>>? data, long pointsBeforeFullKernel = Float64Finish.PointsBeforeFullKernel,
    Func<BayesianGaussianMixtureOptions, int, Task<bool>>? fullKernelWarmUp = null) : IDisposable
{
    /// <summary>
    /// The point-passes after which a CPU finish starts compiling the kernel of every form: about the compilation's CPU
    /// time over what the faster forms save per point and iteration at a small model (more for a larger one; figures in
    /// docs/benchmarks.md, "The float64 finish of a large fit"), so that a finish pays at most about twice the better
    /// of the two choices.
    /// </summary>
    internal const long PointsBeforeFullKernel = 1_000_000;

    private IEmBackend<double>? _backend;
    private IDataSource<double>? _data;
    private Task<bool>? _warmUp; // the float64 kernel's warm-up, once Anticipate's progress started it
    private Float64FinishFullKernel? _fullKernel; // counts the point-passes of every initialisation's finish

    /// <summary>
    /// Continues <paramref name="stopped"/> in float64 with <paramref name="step"/>, as a check that may hand the fit back
    /// to float32 (docs/architecture.md, "Convergence of a float32 variational fit"): the float64 run converges when a
    /// change is under the tolerance; when a change (from its second iteration on) is a certified rise of at least
    /// <see cref="EmRun{T, TState}.ResolvedRiseFactor"/> × the tolerance and at least two iterations are left, the fit
    /// resumes in float32 on <paramref name="backend"/> and <paramref name="points"/> from the float64 posterior
    /// (<see cref="Float32IterationsBetweenChecks"/>), and comes back for the next check when float32 stops at its
    /// resolution again, or when one iteration is left: the fit's last iteration, and so its final bound, is always a
    /// float64 one, and that run warns when the fit did not converge. Safety: a check hands back only if its first bound
    /// rose above the previous check's last by at least <see cref="EmRun{T, TState}.ResolvedRiseFactor"/> tolerances per
    /// iteration between the two (<see cref="Float32Progressed"/>); otherwise float32 is not shown to progress and the
    /// fit stays in float64 to its end. All phases share MaxIterations, the warnings and the initialisation; the history
    /// is theirs in order. Warnings go to <paramref name="warnings"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No float64 points were given.</exception>
    public VariationalRunOutcome Run<T>(VariationalStep step, EmRun<T, BayesianGaussianMixtureModel> stopped, IEmBackend<T> backend, IDataSource<T> points,
        BayesianGaussianMixtureOptions options, IList<FitWarning> warnings, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stopped);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        if (data is null) throw new InvalidOperationException("This fit has no float64 copy of its points to finish on.");
        _data ??= data();
        _backend ??= provider is Cpu.CpuBackendProvider cpu ? cpu.CreateMinimal<double>() : provider.Create<double>();
        FirstIteration.Ready(_backend, step.ExpectationModel(stopped.State), _warmUp, cancellationToken);
        var history = new List<double>(stopped.LowerBoundHistory);
        var current = stopped; // the float32 run the next check continues
        (double LowerBound, int Iterations)? previousCheck = null;
        while (true)
        {
            var check = new EmRun<double, BayesianGaussianMixtureModel>(_backend, _data, step, current.State, warnings, current.Initialization, current.Iterations);
            var reports = Reports(options, progress);
            check.RunPhase(options.MaxIterations - check.Iterations, options.Tolerance, progress: reports, cancellationToken: cancellationToken, stopAtCertifiedRise: true);
            bool handBack = check.StoppedAtCertifiedRise && options.MaxIterations - check.Iterations >= 2 // a float32 iteration, then the last one in float64
                && Float32Progressed(previousCheck, current.Iterations, check.LowerBoundHistory[0], options.Tolerance);
            if (check.StoppedAtCertifiedRise && !handBack)
                check.Run(options.MaxIterations - check.Iterations, options.Tolerance, progress: reports, cancellationToken: cancellationToken); // float64 to the end
            history.AddRange(check.LowerBoundHistory);
            if (!check.StoppedAtCertifiedRise) return new VariationalRunOutcome(check.State, check.Converged, check.Iterations, check.LowerBound, history);
            previousCheck = (check.LowerBound, check.Iterations);
            var resumed = new EmRun<T, BayesianGaussianMixtureModel>(backend, points, step, check.State, warnings, check.Initialization, check.Iterations);
            resumed.RunPhase(options.MaxIterations - resumed.Iterations - 1, options.Tolerance, progress: progress, cancellationToken: cancellationToken,
                stopAtResolution: true, ignoreUnresolvedFor: Float32IterationsBetweenChecks, laterRunContinues: true);
            history.AddRange(resumed.LowerBoundHistory);
            if (resumed.Converged) return new VariationalRunOutcome(resumed.State, resumed.Converged, resumed.Iterations, resumed.LowerBound, history);
            current = resumed; // stopped at its resolution, or one iteration is left for the next check
        }
    }

    /// <summary>
    /// The safety rule of <see cref="Run"/>: whether the float32 stretch between <paramref name="previousCheck"/> (its last
    /// bound and iteration) and a check is shown by float64 alone to have progressed — the check's first bound
    /// <paramref name="firstBound"/> (iteration <paramref name="stretchEnd"/> + 1) rose above the previous check's last
    /// by at least <see cref="EmRun{T, TState}.ResolvedRiseFactor"/> × <paramref name="tolerance"/> per iteration
    /// between the two. The check's later iterations are left out, so a check that ran long in [tol, 10 tol) before it
    /// certified a rise does not dilute the stretch's rate. True for a first check (no previous one).
    /// </summary>
    internal static bool Float32Progressed((double LowerBound, int Iterations)? previousCheck, int stretchEnd, double firstBound, double tolerance) =>
        previousCheck is not { } previous
        || firstBound - previous.LowerBound >= (stretchEnd + 1 - previous.Iterations) * EmRun<double, BayesianGaussianMixtureModel>.ResolvedRiseFactor * tolerance;

    /// <summary>
    /// The iterations a float32 stretch resumed after a check runs before an unresolved change hands it to the next check
    /// (<see cref="EmRun{T, TState}.RunPhase"/>'s ignoreUnresolvedFor; a burst that float32 resolves hands over at the first
    /// unresolved change after it). Why this many: a check runs two float64 iterations, each a few times a float32 one's
    /// cost, so a creep of C iterations pays its checks in proportion to C / M, while the last stretch may run up to M
    /// past where float64 alone would have converged, once per fit; the sum is least near M = √(c C) for a check's cost
    /// c in float32 iterations, and 50 is that for the 10⁶-point fits measured (docs/benchmarks.md, "The float64 finish
    /// checks and hands back").
    /// </summary>
    internal const int Float32IterationsBetweenChecks = 50;

    /// <summary>
    /// The progress of the finish's run: on a CPU backend that still builds the kernel of one form per step, one that
    /// moves it to the kernel of every form once the finish has run long enough (<see cref="Float64FinishFullKernel"/>);
    /// else <paramref name="progress"/> itself.
    /// </summary>
    private IProgress<IterationReport>? Reports(BayesianGaussianMixtureOptions options, IProgress<IterationReport>? progress)
    {
        if (_backend is not Cpu.CpuEmBackend<double> { MinimalVariants: true } backend || _data is null) return progress;
        if (_fullKernel is null)
        {
            int dimension = _data.Dimension;
            Func<Task<bool>> warmUp = fullKernelWarmUp is not null ? () => fullKernelWarmUp(options, dimension)
                : provider is Cpu.CpuBackendProvider cpu
                    ? () => cpu.StartWarmUp(options.CovarianceType, options.ComponentCount, dimension, ComputePrecision.Double, variational: true)
                    : () => Task.FromResult(false);
            _fullKernel = new Float64FinishFullKernel(backend, _data.Count, pointsBeforeFullKernel, warmUp);
        }
        _fullKernel.Next = progress;
        return _fullKernel;
    }

    /// <summary>
    /// The progress to give the float32 <paramref name="run"/> that this finish may continue: <paramref name="progress"/>'s
    /// reports, and on a CPU backend the float64 kernel of the fit's shape compiled in the background once the run's
    /// bound resolution reaches the tolerance (<see cref="Float64FinishWarmUp{T}"/>; <see cref="Run"/> waits for it). With tolerance 0 (no finish) or
    /// another backend: <paramref name="progress"/> itself.
    /// </summary>
    public IProgress<IterationReport>? Anticipate<T>(EmRun<T, BayesianGaussianMixtureModel> run, BayesianGaussianMixtureOptions options, int dimension,
        IProgress<IterationReport>? progress) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        if (FinishingCpu(options) is not { } cpu) return progress;
        return new Float64FinishWarmUp<T>(run, options.Tolerance, () => StartWarmUp(cpu, options, dimension), progress);
    }

    /// <summary>
    /// Starts the float64 kernel's warm-up now, before the float32 <paramref name="points"/>' first iteration, where a finish
    /// is likely: on a CPU backend with tolerance &gt; 0 and float64 points, when the float32 bound over the points is
    /// expected to be too coarse for the tolerance (<see cref="ExpectsFinish"/>). The fit's thread is then waiting for
    /// the float32 warm-up (<see cref="FirstIteration.Ready"/>), so the compilation takes the core that wait leaves idle
    /// instead of one of the float32 iterations' two lanes (docs/benchmarks.md, "The variational fit's compilation
    /// waits"). The same compilation as <see cref="Anticipate"/>'s, which then joins it; no result changes.
    /// </summary>
    public void StartEarly<T>(IDataSource<T> points, BayesianGaussianMixtureOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(options);
        if (FinishingCpu(options) is { } cpu && ExpectsFinish(points.Count, points.Dimension, options.Tolerance))
            StartWarmUp(cpu, options, points.Dimension);
    }

    /// <summary>The CPU backend whose float64 kernel a finish runs, where one can happen (tolerance &gt; 0, float64 points given); else null.</summary>
    private Cpu.CpuBackendProvider? FinishingCpu(BayesianGaussianMixtureOptions options) =>
        provider is Cpu.CpuBackendProvider cpu && options.Tolerance > 0 && data is not null ? cpu : null;

    /// <summary>Starts the float64 kernel's warm-up for the fit's shape, once (a later call keeps the first task).</summary>
    private void StartWarmUp(Cpu.CpuBackendProvider cpu, BayesianGaussianMixtureOptions options, int dimension) =>
        _warmUp ??= cpu.StartWarmUp(options.CovarianceType, options.ComponentCount, dimension, ComputePrecision.Double, variational: true, minimalVariants: true);

    /// <summary>
    /// Whether a float32 bound over <paramref name="count"/> points of <paramref name="dimension"/> features is expected
    /// to be coarser than <paramref name="tolerance"/>: its resolution is 2⁻²⁴ times the sum of its terms' magnitudes
    /// (<see cref="EmRun{T, TState}.LowerBoundResolution"/>), and each point's log-density holds at least its normalising
    /// term, d/2 · log 2π ≈ 0.92 d in magnitude; taken here as d per point. Only a guess of when to compile early: a
    /// wrong guess costs the compilation's CPU time or leaves it to <see cref="Anticipate"/>, never a result.
    /// </summary>
    internal static bool ExpectsFinish(long count, int dimension, double tolerance) => (double)count * dimension * Float32Roundoff >= tolerance;

    /// <summary>The unit roundoff of float32, 2⁻²⁴.</summary>
    private const double Float32Roundoff = 1.0 / (1 << 24);

    /// <summary>The float64 backend, once <see cref="Run"/> made it (else null).</summary>
    internal IEmBackend<double>? Backend => _backend;

    /// <summary>Disposes the float64 backend, if one was made.</summary>
    public void Dispose() => _backend?.Dispose();
}
