namespace Gmm.Speech.PostProcessing;

/// <summary>Kaldi's apply-cmvn-sliding options: --cmn-window 600, --min-cmn-window 100, --center false, --norm-vars false.</summary>
public sealed record SlidingCmnOptions
{
    /// <summary>--cmn-window: frames in the normalisation window (600).</summary>
    public int Window { get; init; } = 600;

    /// <summary>--min-cmn-window: smallest window at the start when not centred (100; ignored when centred).</summary>
    public int MinWindow { get; init; } = 100;

    /// <summary>--center: a window centred on the frame (true) or the frames up to it (false).</summary>
    public bool Center { get; init; }

    /// <summary>--norm-vars: also scale to unit variance (false).</summary>
    public bool NormalizeVariance { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (Window < 1) throw new ArgumentOutOfRangeException(nameof(Window), Window, "--cmn-window must be at least 1.");
        if (Center && (MinWindow < 1 || MinWindow > Window))
            throw new ArgumentOutOfRangeException(nameof(MinWindow), MinWindow, "--min-cmn-window must lie in 1..--cmn-window.");
    }
}
