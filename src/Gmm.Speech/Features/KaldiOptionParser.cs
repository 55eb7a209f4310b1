using System.Globalization;

namespace Gmm.Speech.Features;

/// <summary>
/// Kaldi's option names (compute-mfcc-feats, compute-fbank-feats) mapped onto <see cref="MfccOptions"/> and
/// <see cref="FbankOptions"/>: "num-ceps" = "20", "window-type" = "hamming", "snip-edges" = "false", ... One table, used
/// by the command line and by the parity tests. Names may be given with or without the leading "--".
/// </summary>
public static class KaldiOptionParser
{
    /// <summary>Options shared by both feature types (framing and mel bank).</summary>
    public static IReadOnlyList<string> CommonNames { get; } =
    [
        "sample-frequency", "frame-length", "frame-shift", "dither", "preemphasis-coefficient", "remove-dc-offset",
        "window-type", "round-to-power-of-two", "blackman-coeff", "snip-edges", "num-mel-bins", "low-freq", "high-freq",
        "energy-floor", "raw-energy", "htk-compat", "use-energy",
    ];

    /// <summary>Options of compute-mfcc-feats only.</summary>
    public static IReadOnlyList<string> MfccOnlyNames { get; } = ["num-ceps", "cepstral-lifter"];

    /// <summary>Options of compute-fbank-feats only.</summary>
    public static IReadOnlyList<string> FbankOnlyNames { get; } = ["use-log-fbank", "use-power"];

    /// <summary>Kaldi's defaults overridden by <paramref name="values"/> (option name → value as Kaldi spells it).</summary>
    /// <exception cref="ArgumentException">An unknown option, or a value that does not parse (the message names the option).</exception>
    public static MfccOptions Mfcc(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var frame = new FrameOptions();
        var mel = new MelOptions();
        var result = new MfccOptions();
        foreach (var (rawName, value) in values)
        {
            string name = Name(rawName);
            if (TryFrame(name, value, ref frame) || TryMel(name, value, ref mel)) continue;
            result = name switch
            {
                "num-ceps" => result with { CepstrumCount = Int(name, value) },
                "cepstral-lifter" => result with { CepstralLifter = Number(name, value) },
                "use-energy" => result with { UseEnergy = Bool(name, value) },
                "energy-floor" => result with { EnergyFloor = Number(name, value) },
                "raw-energy" => result with { RawEnergy = Bool(name, value) },
                "htk-compat" => result with { HtkCompatible = Bool(name, value) },
                _ => throw Unknown(name, "compute-mfcc-feats", MfccOnlyNames),
            };
        }
        return result with { Frame = frame, Mel = mel };
    }

    /// <summary>Kaldi's fbank defaults overridden by <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, or a value that does not parse (the message names the option).</exception>
    public static FbankOptions Fbank(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var frame = new FrameOptions();
        var mel = new MelOptions();
        var result = new FbankOptions();
        foreach (var (rawName, value) in values)
        {
            string name = Name(rawName);
            if (TryFrame(name, value, ref frame) || TryMel(name, value, ref mel)) continue;
            result = name switch
            {
                "use-energy" => result with { UseEnergy = Bool(name, value) },
                "energy-floor" => result with { EnergyFloor = Number(name, value) },
                "raw-energy" => result with { RawEnergy = Bool(name, value) },
                "htk-compat" => result with { HtkCompatible = Bool(name, value) },
                "use-log-fbank" => result with { UseLogFbank = Bool(name, value) },
                "use-power" => result with { UsePower = Bool(name, value) },
                _ => throw Unknown(name, "compute-fbank-feats", FbankOnlyNames),
            };
        }
        return result with { Frame = frame, Mel = mel };
    }

    /// <summary>A window type from its Kaldi name (povey, hamming, hanning, rectangular, blackman, sine).</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static WindowType ParseWindowType(string value) => value.Trim().ToLowerInvariant() switch
    {
        "povey" => WindowType.Povey,
        "hamming" => WindowType.Hamming,
        "hanning" => WindowType.Hanning,
        "rectangular" => WindowType.Rectangular,
        "blackman" => WindowType.Blackman,
        "sine" => WindowType.Sine,
        _ => throw new ArgumentException($"--window-type '{value}' is not one of povey, hamming, hanning, rectangular, blackman, sine.", nameof(value)),
    };

    private static bool TryFrame(string name, string value, ref FrameOptions frame)
    {
        FrameOptions? next = name switch
        {
            "sample-frequency" => frame with { SampleFrequency = Number(name, value) },
            "frame-length" => frame with { FrameLengthMs = Number(name, value) },
            "frame-shift" => frame with { FrameShiftMs = Number(name, value) },
            "dither" => frame with { Dither = Number(name, value) },
            "preemphasis-coefficient" => frame with { PreemphasisCoefficient = Number(name, value) },
            "remove-dc-offset" => frame with { RemoveDcOffset = Bool(name, value) },
            "window-type" => frame with { WindowType = ParseWindowType(value) },
            "round-to-power-of-two" => frame with { RoundToPowerOfTwo = Bool(name, value) },
            "blackman-coeff" => frame with { BlackmanCoefficient = Number(name, value) },
            "snip-edges" => frame with { SnipEdges = Bool(name, value) },
            _ => null,
        };
        if (next is null) return false;
        frame = next;
        return true;
    }

    private static bool TryMel(string name, string value, ref MelOptions mel)
    {
        MelOptions? next = name switch
        {
            "num-mel-bins" => mel with { BinCount = Int(name, value) },
            "low-freq" => mel with { LowFrequency = Number(name, value) },
            "high-freq" => mel with { HighFrequency = Number(name, value) },
            _ => null,
        };
        if (next is null) return false;
        mel = next;
        return true;
    }

    private static string Name(string raw) => raw.StartsWith("--", StringComparison.Ordinal) ? raw[2..] : raw;

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d : throw new ArgumentException($"--{name} '{value}' is not a number.", nameof(value));

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            ? i : throw new ArgumentException($"--{name} '{value}' is not an integer.", nameof(value));

    private static bool Bool(string name, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new ArgumentException($"--{name} '{value}' is not true or false.", nameof(value)),
    };

    private static ArgumentException Unknown(string name, string tool, IReadOnlyList<string> own) =>
        new($"--{name} is not an option of {tool}; its options are {string.Join(", ", CommonNames.Concat(own).Select(n => "--" + n))}.", nameof(name));
}
