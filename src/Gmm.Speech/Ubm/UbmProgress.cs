namespace Gmm.Speech.Ubm;

/// <summary>
/// Progress of UBM training: after each EM iteration (<see cref="SplitTo"/> 0), and after each split (the mixture
/// grown to <see cref="SplitTo"/> components).
/// </summary>
/// <param name="Phase">The stage.</param>
/// <param name="Iteration">One-based iteration within the stage (a split follows that iteration).</param>
/// <param name="Iterations">Iterations of the stage.</param>
/// <param name="Components">Components of the mixture the iteration's E-step evaluated.</param>
/// <param name="Frames">Frames the stage trains on.</param>
/// <param name="LogLikelihood">Mean log-likelihood per frame at the iteration's E-step (nats).</param>
/// <param name="SplitTo">For a split, the component count after it; otherwise 0.</param>
/// <param name="Elapsed">Wall-clock time of the iteration (zero for a split).</param>
public sealed record UbmProgress(UbmPhase Phase, int Iteration, int Iterations, int Components, long Frames, double LogLikelihood, int SplitTo, TimeSpan Elapsed)
{
    /// <summary>True for a split report.</summary>
    public bool IsSplit => SplitTo > 0;
}
