namespace Gmm.Speech.Features;

/// <summary>
/// Kaldi's compute-fbank-feats options and defaults: 23 log mel energies per frame, no energy column unless asked for.
/// </summary>
public sealed record FbankOptions
{
    /// <summary>Framing and frame preparation.</summary>
    public FrameOptions Frame { get; init; } = new();

    /// <summary>The mel filterbank.</summary>
    public MelOptions Mel { get; init; } = new();

    /// <summary>--use-energy: add the frame's log energy as an extra column, first (or last with htk-compat) (false).</summary>
    public bool UseEnergy { get; init; }

    /// <summary>--energy-floor: floor on the energy (not its log) when positive (0 = none).</summary>
    public double EnergyFloor { get; init; }

    /// <summary>--raw-energy: measure the energy before pre-emphasis and windowing (true).</summary>
    public bool RawEnergy { get; init; } = true;

    /// <summary>--htk-compat: put the energy column last (false).</summary>
    public bool HtkCompatible { get; init; }

    /// <summary>--use-log-fbank: log of the mel energies, else the energies themselves (true).</summary>
    public bool UseLogFbank { get; init; } = true;

    /// <summary>--use-power: mel bins over the power spectrum, else over the magnitude (true).</summary>
    public bool UsePower { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Frame);
        ArgumentNullException.ThrowIfNull(Mel);
        Frame.Validate();
        Mel.Validate();
        if (!(EnergyFloor >= 0) || !double.IsFinite(EnergyFloor))
            throw new ArgumentOutOfRangeException(nameof(EnergyFloor), EnergyFloor, "--energy-floor must be 0 (none) or positive.");
    }
}
