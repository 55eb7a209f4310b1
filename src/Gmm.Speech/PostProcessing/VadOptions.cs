namespace Gmm.Speech.PostProcessing;

/// <summary>
/// Kaldi's compute-vad options. The threshold defaults to 5.5 with mean scale 0.5, the values of the sid recipes'
/// conf/vad.conf (compute-vad's own built-in threshold is 5.0).
/// </summary>
public sealed record VadOptions
{
    /// <summary>--vad-energy-threshold: constant part of the log-energy threshold (5.5).</summary>
    public double EnergyThreshold { get; init; } = 5.5;

    /// <summary>--vad-energy-mean-scale: the threshold adds this times the utterance's mean log energy (0.5; ≥ 0).</summary>
    public double EnergyMeanScale { get; init; } = 0.5;

    /// <summary>--vad-frames-context: frames on each side whose decisions are pooled (0).</summary>
    public int FramesContext { get; init; }

    /// <summary>--vad-proportion-threshold: share of the window above the threshold for a voiced frame (0.6; in (0, 1)).</summary>
    public double ProportionThreshold { get; init; } = 0.6;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (!double.IsFinite(EnergyThreshold))
            throw new ArgumentOutOfRangeException(nameof(EnergyThreshold), EnergyThreshold, "--vad-energy-threshold must be finite.");
        if (!(EnergyMeanScale >= 0) || !double.IsFinite(EnergyMeanScale))
            throw new ArgumentOutOfRangeException(nameof(EnergyMeanScale), EnergyMeanScale, "--vad-energy-mean-scale must be 0 or positive.");
        if (FramesContext < 0) throw new ArgumentOutOfRangeException(nameof(FramesContext), FramesContext, "--vad-frames-context must be 0 or more.");
        if (!(ProportionThreshold is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(ProportionThreshold), ProportionThreshold, "--vad-proportion-threshold must lie strictly between 0 and 1.");
    }
}
