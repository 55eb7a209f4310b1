using System.Numerics;

namespace Gmm;

/// <summary>
/// Finishes in float64 a float32 variational run that stopped at its bound's float32 resolution
/// (<see cref="EmRun{T, TState}.StoppedAtResolution"/>): the same variational step from the run's posterior, on a float64
/// backend of the fit's provider and the points in float64, numbered after the float32 iterations, until the bound changes
/// by less than the tolerance or MaxIterations is reached in all. The backend and the points are made on first use and
/// shared by the fit's initialisations. Its first iteration waits for the float64 kernel's warm-up that
/// <see cref="Anticipate"/> started (<see cref="FirstIteration.Ready"/>), as a fit's first iteration waits for its own.
/// </summary>
/// <param name="provider">The fit's backend provider.</param>
/// <param name="data">Makes the fit's points in float64 (called once, on first use); null when there are none.</param>
internal sealed class Float64Finish(IEmBackendProvider provider, Func<IDataSource<double>>? data) : IDisposable
{
    private IEmBackend<double>? _backend;
    private IDataSource<double>? _data;
    private Task<bool>? _warmUp; // the float64 kernel's warm-up, once Anticipate's progress started it

    /// <summary>Continues <paramref name="stopped"/> in float64 with <paramref name="step"/>; warnings go to <paramref name="warnings"/>.</summary>
    /// <exception cref="InvalidOperationException">No float64 points were given.</exception>
    public VariationalRunOutcome Run<T>(VariationalStep step, EmRun<T, BayesianGaussianMixtureModel> stopped, BayesianGaussianMixtureOptions options,
        IList<FitWarning> warnings, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stopped);
        ArgumentNullException.ThrowIfNull(options);
        if (data is null) throw new InvalidOperationException("This fit has no float64 copy of its points to finish on.");
        _data ??= data();
        _backend ??= provider.Create<double>();
        FirstIteration.Ready(_backend, step.ExpectationModel(stopped.State), _warmUp, cancellationToken);
        var run = new EmRun<double, BayesianGaussianMixtureModel>(_backend, _data, step, stopped.State, warnings, stopped.Initialization, stopped.Iterations);
        run.Run(options.MaxIterations - stopped.Iterations, options.Tolerance, progress: progress, cancellationToken: cancellationToken);
        return new VariationalRunOutcome(run.State, run.Converged, run.Iterations, run.LowerBound, [.. stopped.LowerBoundHistory, .. run.LowerBoundHistory]);
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
        if (provider is not Cpu.CpuBackendProvider cpu || !(options.Tolerance > 0) || data is null) return progress;
        return new Float64FinishWarmUp<T>(run, options.Tolerance,
            () => _warmUp = cpu.StartWarmUp(options.CovarianceType, options.ComponentCount, dimension, ComputePrecision.Double, variational: true),
            progress);
    }

    /// <summary>Disposes the float64 backend, if one was made.</summary>
    public void Dispose() => _backend?.Dispose();
}
