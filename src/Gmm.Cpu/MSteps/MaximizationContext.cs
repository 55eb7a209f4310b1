namespace Gmm;

/// <summary>
/// Where an M-step is in a fit, and where its warnings go: every <see cref="FitWarning"/> it adds is tagged with the
/// initialisation and iteration given here.
/// </summary>
public sealed class MaximizationContext
{
    private readonly IList<FitWarning> _warnings;

    /// <summary>Whether this context drops its warnings (<see cref="Discarding"/>).</summary>
    private readonly bool _discards;

    /// <summary>Creates a context that adds warnings to <paramref name="warnings"/>.</summary>
    /// <param name="warnings">The fit's warnings; the M-step appends to it.</param>
    /// <param name="initialization">Zero-based initialisation (restart) the M-step belongs to (≥ 0).</param>
    /// <param name="iteration">One-based EM iteration; 0 for the M-step that builds the starting model (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative initialisation or iteration.</exception>
    public MaximizationContext(IList<FitWarning> warnings, int initialization = 0, int iteration = 0)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentOutOfRangeException.ThrowIfNegative(initialization);
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        _warnings = warnings;
        Initialization = initialization;
        Iteration = iteration;
    }

    /// <summary>
    /// A context that drops every warning, for an M-step whose estimates' warnings are not the fit's concern (the
    /// variational step's maximum-likelihood estimates, where an empty component is expected).
    /// </summary>
    internal static MaximizationContext Discarding() => new([], discards: true);

    private MaximizationContext(IList<FitWarning> warnings, bool discards) : this(warnings) => _discards = discards;

    /// <summary>Zero-based initialisation (restart).</summary>
    public int Initialization { get; }

    /// <summary>One-based EM iteration; 0 while the starting model is built.</summary>
    public int Iteration { get; }

    /// <summary>The warnings of the fit so far (this context's and earlier ones).</summary>
    internal IList<FitWarning> Warnings => _warnings;

    /// <summary>Adds a warning tagged with this context's initialisation and iteration.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="component">Zero-based component index in the mixture the statistics came from, or −1.</param>
    /// <param name="message">A sentence saying what happened and what to do.</param>
    public void Warn(FitWarningKind kind, int component, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_discards) _warnings.Add(new FitWarning(kind, Initialization, Iteration, component, message));
    }

    /// <summary>
    /// Adds a warning unless one of the same kind for the same component was added in this initialisation already
    /// (a collapse or a regularisation is reported once, not at every iteration).
    /// </summary>
    /// <param name="kind">What happened.</param>
    /// <param name="component">Zero-based component index, or −1.</param>
    /// <param name="message">A sentence saying what happened and what to do.</param>
    public void WarnOnce(FitWarningKind kind, int component, string message)
    {
        if (Wants(kind, component)) Warn(kind, component, message);
    }

    /// <summary>
    /// Whether <see cref="WarnOnce"/> would add this warning: false when this initialisation has one of the same kind
    /// for the same component, or when the context drops its warnings. Callers ask before they format the message, so
    /// that an M-step repeating a warning every iteration does not format it every iteration.
    /// </summary>
    internal bool Wants(FitWarningKind kind, int component)
    {
        if (_discards) return false;
        foreach (var w in _warnings)
            if (w.Kind == kind && w.Component == component && w.Initialization == Initialization) return false;
        return true;
    }
}
