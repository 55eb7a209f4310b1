using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The progress of a float64 finish (<see cref="Float64Finish"/>) that runs on a CPU backend of one form per step
/// (<see cref="CpuEmBackend{T}.MinimalVariants"/>): each report goes on to <see cref="Next"/>; once the finish has
/// passed over <paramref name="pointsBeforeWarmUp"/> points in all (iterations × points, over every initialisation that
/// shares the finish), it starts the warm-up of the kernel of every form, and at the first report after that warm-up
/// has completed it has the backend build that kernel from the next iteration on
/// (<see cref="CpuEmBackend{T}.UseEveryVariant"/>). A short finish would pay more for compiling the faster forms than
/// they save; a long one (a large n, whose float32 bound stops resolving the tolerance long before the fit converges)
/// gains from them in proportion to its points, while their compilation costs about the same for any n, so the rule
/// waits about as many point-passes as the compilation costs before it starts it (docs/benchmarks.md, "The float64
/// finish of a large fit"). The values are the same bit for bit either way.
/// </summary>
/// <param name="backend">The finish's backend (made with minimalVariants).</param>
/// <param name="pointsPerIteration">The finish's points (each iteration passes over all of them).</param>
/// <param name="pointsBeforeWarmUp">Points passed over before the warm-up starts (≥ 0).</param>
/// <param name="startWarmUp">Starts the warm-up of the float64 kernel of every form for the fit's shape (called at most once).</param>
internal sealed class Float64FinishFullKernel(CpuEmBackend<double> backend, long pointsPerIteration, long pointsBeforeWarmUp, Func<Task<bool>> startWarmUp)
    : IProgress<IterationReport>
{
    private long _passed;
    private Task<bool>? _warmUp;

    /// <summary>The progress the reports go on to (the current initialisation's caller's; null for none).</summary>
    internal IProgress<IterationReport>? Next { get; set; }

    /// <summary>Whether the backend was told to build the kernel of every form.</summary>
    internal bool Switched { get; private set; }

    /// <inheritdoc />
    public void Report(IterationReport value)
    {
        Next?.Report(value);
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
