namespace Gmm;

/// <summary>Progress after one EM iteration.</summary>
/// <param name="Initialization">Zero-based initialisation index.</param>
/// <param name="Iteration">One-based iteration.</param>
/// <param name="LowerBound">Mean log-likelihood per sample at this iteration's E-step (nats).</param>
/// <param name="Change">Change from the previous iteration (NaN at the first).</param>
/// <param name="Elapsed">Wall-clock time of this iteration.</param>
public sealed record IterationReport(int Initialization, int Iteration, double LowerBound, double Change, TimeSpan Elapsed);
