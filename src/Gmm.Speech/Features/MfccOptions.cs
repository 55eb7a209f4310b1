namespace Gmm.Speech.Features;

/// <summary>
/// Kaldi's compute-mfcc-feats options and defaults: 13 cepstra (c0 replaced by the log energy), lifter 22, 23 mel bins,
/// energy measured before pre-emphasis and windowing, no energy floor, Kaldi's column order (energy first).
/// </summary>
public sealed record MfccOptions
{
    /// <summary>Framing and frame preparation.</summary>
    public FrameOptions Frame { get; init; } = new();

    /// <summary>The mel filterbank.</summary>
    public MelOptions Mel { get; init; } = new();

    /// <summary>--num-ceps: cepstra per frame, counting c0 (13; at most --num-mel-bins).</summary>
    public int CepstrumCount { get; init; } = 13;

    /// <summary>--use-energy: replace c0 by the frame's log energy (true).</summary>
    public bool UseEnergy { get; init; } = true;

    /// <summary>--energy-floor: floor on the energy (not its log) when positive (0 = none).</summary>
    public double EnergyFloor { get; init; }

    /// <summary>--raw-energy: measure the energy before pre-emphasis and windowing (true).</summary>
    public bool RawEnergy { get; init; } = true;

    /// <summary>--cepstral-lifter: cepstrum i is scaled by 1 + Q/2·sin(πi/Q) (22; 0 = none).</summary>
    public double CepstralLifter { get; init; } = 22;

    /// <summary>--htk-compat: put energy/c0 last, and scale c0 by √2 when it is not the energy (false).</summary>
    public bool HtkCompatible { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Frame);
        ArgumentNullException.ThrowIfNull(Mel);
        Frame.Validate();
        Mel.Validate();
        if (CepstrumCount < 1 || CepstrumCount > Mel.BinCount)
            throw new ArgumentOutOfRangeException(nameof(CepstrumCount), CepstrumCount, $"--num-ceps must lie in 1..--num-mel-bins ({Mel.BinCount}).");
        if (!(EnergyFloor >= 0) || !double.IsFinite(EnergyFloor))
            throw new ArgumentOutOfRangeException(nameof(EnergyFloor), EnergyFloor, "--energy-floor must be 0 (none) or positive.");
        if (!double.IsFinite(CepstralLifter))
            throw new ArgumentOutOfRangeException(nameof(CepstralLifter), CepstralLifter, "--cepstral-lifter must be finite.");
    }
}
