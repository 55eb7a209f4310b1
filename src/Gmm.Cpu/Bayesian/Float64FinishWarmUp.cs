using System.Numerics;

namespace Gmm;

/// <summary>
/// The progress of a float32 variational run that <see cref="Float64Finish"/> may continue: each report goes on to
/// the caller's progress, and after the first iteration whose bound resolution (<see cref="EmRun{T, TState}.LowerBoundResolution"/>)
/// reaches the tolerance — from then on the run stops at its resolution instead of converging, unless MaxIterations
/// comes first — it starts the float64 kernel's warm-up once. The compilation then overlaps the float32 iterations,
/// and the finish's first iteration waits for what is left of it (<see cref="Float64Finish.Run"/>) rather than
/// compiling the same methods beside it; it is the compilation the finish would do anyway.
/// </summary>
/// <param name="run">The float32 run (its resolution is read after each of its iterations).</param>
/// <param name="tolerance">The run's tolerance (&gt; 0).</param>
/// <param name="startWarmUp">Starts the float64 warm-up (called at most once).</param>
/// <param name="progress">The caller's progress, or null.</param>
internal sealed class Float64FinishWarmUp<T>(EmRun<T, BayesianGaussianMixtureModel> run, double tolerance, Action startWarmUp, IProgress<IterationReport>? progress)
    : IProgress<IterationReport> where T : unmanaged, IFloatingPointIeee754<T>
{
    private bool _started;

    /// <inheritdoc />
    public void Report(IterationReport value)
    {
        progress?.Report(value);
        if (_started || !(run.LowerBoundResolution >= tolerance)) return;
        _started = true;
        startWarmUp();
    }
}
