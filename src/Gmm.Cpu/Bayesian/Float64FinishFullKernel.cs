using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The progress of a float64 finish (<see cref="Float64Finish"/>) that runs on a CPU backend of one form per step
/// (<see cref="CpuEmBackend{T}.MinimalVariants"/>): each report goes on to the caller's progress; once the finish has
/// passed over <paramref name="pointsBeforeWarmUp"/> points in all (iterations × points), it starts the warm-up of the
/// kernel of every form, and at the first report after that warm-up has completed it has the backend build that kernel
/// from the next iteration on (<see cref="CpuEmBackend{T}.UseEveryVariant"/>). A finish usually converges in two
/// iterations, where compiling the faster forms costs more than they save; one that runs on (a large n, whose float32
/// bound stops resolving the tolerance hundreds of iterations before scikit-learn's run converges) pays for them
/// within about as many point-passes as their compilation costs, so the rule waits that long before it starts it (each
/// faster form saves time in proportion to the points, the compilation costs about the same for any n). The values are
/// the same bit for bit either way.
/// </summary>
/// <param name="backend">The finish's backend (made with minimalVariants).</param>
/// <param name="pointsPerIteration">The finish's points (each iteration passes over all of them).</param>
/// <param name="pointsBeforeWarmUp">Points passed over before the warm-up starts (≥ 0).</param>
/// <param name="startWarmUp">Starts the warm-up of the float64 kernel of every form for the fit's shape (called at most once).</param>
/// <param name="progress">The caller's progress, or null.</param>
internal sealed class Float64FinishFullKernel(CpuEmBackend<double> backend, long pointsPerIteration, long pointsBeforeWarmUp, Func<Task<bool>> startWarmUp,
    IProgress<IterationReport>? progress) : IProgress<IterationReport>
{
    private long _passed;
    private Task<bool>? _warmUp;

    /// <summary>Whether the backend was told to build the kernel of every form.</summary>
    internal bool Switched { get; private set; }

    /// <inheritdoc />
    public void Report(IterationReport value)
    {
        progress?.Report(value);
        if (Switched) return;
        _passed += pointsPerIteration;
        if (_warmUp is null)
        {
            if (_passed < pointsBeforeWarmUp) return;
            _warmUp = startWarmUp();
        }
        if (!_warmUp.IsCompleted) return; // the next iterations keep the compiled kernel of one form meanwhile
        backend.UseEveryVariant();
        Switched = true;
    }
}
