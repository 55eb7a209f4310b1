using System.Diagnostics;
using System.Numerics;

namespace Gmm.Speech.Ubm;

/// <summary>
/// Runs the iterations of UBM training on one backend: each is one step of the shared EM loop
/// (<see cref="EmRun{T, TState}"/>) with Kaldi's M-step; reports progress and collects the warnings, tagged with the
/// phase (as <see cref="FitWarning.Initialization"/>: a component's repeated warning is given once per phase) and numbered
/// by iterations over all phases.
/// </summary>
internal sealed class UbmPhaseRunner<T>(IEmBackend<T> backend, IProgress<UbmProgress>? progress, CancellationToken cancellationToken)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private int _iterations;

    /// <summary>The warnings so far.</summary>
    public List<FitWarning> Warnings { get; } = [];

    /// <summary>Mean log-likelihood per frame at the last E-step (−∞ before any).</summary>
    public double LogLikelihood { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// <paramref name="count"/> iterations on <paramref name="data"/>: low-count components are kept (not updated) until
    /// the last iteration, which removes them when <paramref name="options"/> allow it (the recipes' gselect-era rule).
    /// </summary>
    public GaussianMixtureModel Phase(UbmPhase phase, int count, IDataSource<T> data, KaldiEstimationOptions options, GaussianMixtureModel model)
    {
        var keeping = new KaldiMaximizationStep(options with { RemoveLowCountGaussians = false });
        var last = new KaldiMaximizationStep(options);
        for (int iteration = 1; iteration <= count; iteration++)
            model = Iterate(phase, iteration, count, data, iteration == count ? last : keeping, model);
        return model;
    }

    /// <summary>One EM iteration (E-step on the backend, <paramref name="step"/>'s M-step) from <paramref name="model"/>.</summary>
    public GaussianMixtureModel Iterate(UbmPhase phase, int iteration, int count, IDataSource<T> data, MaximizationStep<GaussianMixtureModel> step,
        GaussianMixtureModel model)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        int before = Warnings.Count;
        var run = new EmRun<T, GaussianMixtureModel>(backend, data, step, model, Warnings, initialization: (int)phase);
        LogLikelihood = run.Step();
        _iterations++;
        for (int i = before; i < Warnings.Count; i++) Warnings[i] = Warnings[i] with { Iteration = _iterations };
        progress?.Report(new UbmProgress(phase, iteration, count, model.ComponentCount, data.Count, LogLikelihood, 0, Stopwatch.GetElapsedTime(started)));
        return run.State;
    }
}
