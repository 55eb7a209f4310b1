namespace Gmm.Speech.Archives;

/// <summary>
/// HTK's parmKind (HTK book §5.10.1): a base kind in the low 6 bits plus qualifier flags, e.g. MFCC_E_D_A_Z.
/// </summary>
/// <param name="Code">The 16-bit code as stored in the header.</param>
public readonly record struct HtkParameterKind(ushort Code)
{
    /// <summary>_E: log energy included.</summary>
    public const ushort Energy = 0x40;
    /// <summary>_N: absolute energy suppressed.</summary>
    public const ushort NoAbsoluteEnergy = 0x80;
    /// <summary>_D: deltas appended.</summary>
    public const ushort Delta = 0x100;
    /// <summary>_A: accelerations appended.</summary>
    public const ushort Acceleration = 0x200;
    /// <summary>_C: compressed (int16 values with per-column scale and offset).</summary>
    public const ushort Compressed = 0x400;
    /// <summary>_Z: zero mean (cepstral mean normalised).</summary>
    public const ushort ZeroMean = 0x800;
    /// <summary>_K: a CRC checksum follows the data.</summary>
    public const ushort Checksum = 0x1000;
    /// <summary>_0: c0 included.</summary>
    public const ushort ZerothCepstrum = 0x2000;
    /// <summary>_V: VQ indices attached.</summary>
    public const ushort VectorQuantised = 0x4000;
    /// <summary>_T: third differentials appended.</summary>
    public const ushort Third = 0x8000;

    /// <summary>Base kind MFCC.</summary>
    public const int Mfcc = 6;
    /// <summary>Base kind FBANK (log mel filterbank).</summary>
    public const int Fbank = 7;
    /// <summary>Base kind USER.</summary>
    public const int User = 9;

    private static readonly string[] BaseNames =
        ["WAVEFORM", "LPC", "LPREFC", "LPCEPSTRA", "LPDELCEP", "IREFC", "MFCC", "FBANK", "MELSPEC", "USER", "DISCRETE", "PLP"];

    private static readonly (ushort Flag, string Suffix)[] Suffixes =
    [
        (Energy, "_E"), (NoAbsoluteEnergy, "_N"), (Delta, "_D"), (Acceleration, "_A"), (Compressed, "_C"), (ZeroMean, "_Z"),
        (Checksum, "_K"), (ZerothCepstrum, "_0"), (VectorQuantised, "_V"), (Third, "_T"),
    ];

    /// <summary>The base kind (low 6 bits).</summary>
    public int BaseKind => Code & 0x3F;

    /// <summary>True when <paramref name="flag"/> is set.</summary>
    public bool Has(ushort flag) => (Code & flag) != 0;

    /// <summary>This kind with <paramref name="flag"/> set or cleared.</summary>
    public HtkParameterKind With(ushort flag, bool on = true) => new((ushort)(on ? Code | flag : Code & ~flag));

    /// <summary>HTK's name, e.g. MFCC_E_D_A.</summary>
    public override string ToString()
    {
        string name = BaseKind < BaseNames.Length ? BaseNames[BaseKind] : $"KIND{BaseKind}";
        foreach (var (flag, suffix) in Suffixes)
            if (Has(flag)) name += suffix;
        return name;
    }
}
