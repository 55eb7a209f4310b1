namespace Gmm.Speech.PostProcessing;

/// <summary>Kaldi's add-deltas options: --delta-order (2) and --delta-window (2; each order's window is 2·window + 1 frames).</summary>
public sealed record DeltaOptions
{
    /// <summary>--delta-order: 1 = deltas, 2 = deltas and accelerations (2).</summary>
    public int Order { get; init; } = 2;

    /// <summary>--delta-window: frames on each side in each order's regression (2).</summary>
    public int Window { get; init; } = 2;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (Order is < 0 or >= 1000) throw new ArgumentOutOfRangeException(nameof(Order), Order, "--delta-order must lie in 0..999.");
        if (Window is < 1 or >= 1000) throw new ArgumentOutOfRangeException(nameof(Window), Window, "--delta-window must lie in 1..999.");
    }
}
