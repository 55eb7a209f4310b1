namespace Gmm;

/// <summary>A non-fatal problem met during a fit.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Initialization">Zero-based initialisation (restart) it happened in.</param>
/// <param name="Iteration">One-based EM iteration (0 = during initialisation).</param>
/// <param name="Component">Zero-based component index (in the mixture as it was then), or −1.</param>
/// <param name="Message">A sentence saying what happened and what to do.</param>
public sealed record FitWarning(FitWarningKind Kind, int Initialization, int Iteration, int Component, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
