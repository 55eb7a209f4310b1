using System.CommandLine;
using Gmm.Speech.Features;
using Gmm.Speech.PostProcessing;

namespace Gmm.Cli.Speech;

/// <summary>
/// The Kaldi options of gmm mfcc / gmm fbank, spelled as compute-mfcc-feats / compute-fbank-feats spell them
/// (--num-ceps 20, --snip-edges=false, ...), plus the post-processing switches and their Kaldi options (add-deltas,
/// apply-cmvn-sliding, compute-vad). Values go to the library's <see cref="KaldiOptionParser"/> as given.
/// </summary>
internal sealed class KaldiFeatureOptions
{
    private readonly List<(string Name, Option<string?> Option)> _kaldi = [];

    public Option<int> Channel { get; } = new("--channel") { Description = "Channel of multi-channel WAV files (0 = left)", DefaultValueFactory = _ => 0, HelpName = "N" };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the dither noise (the same seed gives the same features)", DefaultValueFactory = _ => 0, HelpName = "N" };
    public Option<string?> Preset { get; } = new("--preset") { Description = "Post-processing preset: sid = --deltas --delta-window 3 --cmn --center --cmn-window 300 --vad (Kaldi's sid recipes)", HelpName = "sid|none" };
    public Option<bool> Deltas { get; } = new("--deltas") { Description = "Append deltas and accelerations (add-deltas: order 2, window 2)" };
    public Option<int?> DeltaOrder { get; } = new("--delta-order") { Description = "add-deltas --delta-order (2)", HelpName = "N" };
    public Option<int?> DeltaWindow { get; } = new("--delta-window") { Description = "add-deltas --delta-window (2; sid: 3)", HelpName = "N" };
    public Option<bool> Cmn { get; } = new("--cmn") { Description = "Sliding-window mean normalisation (apply-cmvn-sliding: window 600, min 100, not centred)" };
    public Option<int?> CmnWindow { get; } = new("--cmn-window") { Description = "apply-cmvn-sliding --cmn-window (600; sid: 300)", HelpName = "FRAMES" };
    public Option<int?> MinCmnWindow { get; } = new("--min-cmn-window") { Description = "apply-cmvn-sliding --min-cmn-window (100)", HelpName = "FRAMES" };
    public Option<string?> Center { get; } = new("--center") { Description = "apply-cmvn-sliding --center (false; sid: true)", HelpName = "BOOL" };
    public Option<string?> NormVars { get; } = new("--norm-vars") { Description = "apply-cmvn-sliding --norm-vars (false)", HelpName = "BOOL" };
    public Option<bool> Vad { get; } = new("--vad") { Description = "Keep only voiced frames (compute-vad on the raw c0 + select-voiced-frames)" };
    public Option<double?> VadThreshold { get; } = new("--vad-energy-threshold") { Description = "compute-vad --vad-energy-threshold (5.5, as the sid recipes' vad.conf)", HelpName = "X" };
    public Option<double?> VadMeanScale { get; } = new("--vad-energy-mean-scale") { Description = "compute-vad --vad-energy-mean-scale (0.5)", HelpName = "X" };
    public Option<int?> VadContext { get; } = new("--vad-frames-context") { Description = "compute-vad --vad-frames-context (0)", HelpName = "FRAMES" };
    public Option<double?> VadProportion { get; } = new("--vad-proportion-threshold") { Description = "compute-vad --vad-proportion-threshold (0.6)", HelpName = "X" };

    /// <summary>Adds the Kaldi extraction options of <paramref name="kind"/> ("mfcc" or "fbank") and the others to <paramref name="command"/>.</summary>
    public void AddTo(Command command, string kind)
    {
        var names = KaldiOptionParser.CommonNames.Concat(kind == "mfcc" ? KaldiOptionParser.MfccOnlyNames : KaldiOptionParser.FbankOnlyNames);
        foreach (string name in names)
        {
            var option = new Option<string?>("--" + name) { Description = Describe(name, kind), HelpName = HelpName(name) };
            _kaldi.Add((name, option));
            command.Add(option);
        }
        foreach (Option option in new Option[] { Channel, Seed, Preset, Deltas, DeltaOrder, DeltaWindow, Cmn, CmnWindow, MinCmnWindow, Center, NormVars,
                     Vad, VadThreshold, VadMeanScale, VadContext, VadProportion })
            command.Add(option);
    }

    /// <summary>The Kaldi options given on the command line (booleans take a value, as --snip-edges=false).</summary>
    public List<KeyValuePair<string, string>> Given(ParseResult parsed)
    {
        var given = new List<KeyValuePair<string, string>>();
        foreach (var (name, option) in _kaldi)
            if (parsed.GetResult(option) is not null)
                given.Add(new(name, parsed.GetValue(option)!));
        return given;
    }

    /// <summary>The post-processing: the preset (if any), switched on by --deltas/--cmn/--vad, tuned by their options.</summary>
    public PostProcessingOptions PostProcessing(ParseResult parsed)
    {
        var p = parsed.GetValue(Preset) is { } preset ? PostProcessingOptions.Preset(preset) : PostProcessingOptions.None;
        var deltas = p.Deltas ?? (parsed.GetValue(Deltas) || parsed.GetValue(DeltaOrder) is not null || parsed.GetValue(DeltaWindow) is not null ? new DeltaOptions() : null);
        if (deltas is not null)
            deltas = deltas with { Order = parsed.GetValue(DeltaOrder) ?? deltas.Order, Window = parsed.GetValue(DeltaWindow) ?? deltas.Window };
        bool anyCmn = parsed.GetValue(Cmn) || parsed.GetValue(CmnWindow) is not null || parsed.GetValue(MinCmnWindow) is not null
            || parsed.GetResult(Center) is not null || parsed.GetResult(NormVars) is not null;
        var cmn = p.Cmn ?? (anyCmn ? new SlidingCmnOptions() : null);
        if (cmn is not null)
            cmn = cmn with
            {
                Window = parsed.GetValue(CmnWindow) ?? cmn.Window,
                MinWindow = parsed.GetValue(MinCmnWindow) ?? cmn.MinWindow,
                Center = parsed.GetResult(Center) is null ? cmn.Center : Bool("--center", parsed.GetValue(Center)),
                NormalizeVariance = parsed.GetResult(NormVars) is null ? cmn.NormalizeVariance : Bool("--norm-vars", parsed.GetValue(NormVars)),
            };
        bool anyVad = parsed.GetValue(Vad) || parsed.GetValue(VadThreshold) is not null || parsed.GetValue(VadMeanScale) is not null
            || parsed.GetValue(VadContext) is not null || parsed.GetValue(VadProportion) is not null;
        var vad = p.Vad ?? (anyVad ? new VadOptions() : null);
        if (vad is not null)
            vad = vad with
            {
                EnergyThreshold = parsed.GetValue(VadThreshold) ?? vad.EnergyThreshold,
                EnergyMeanScale = parsed.GetValue(VadMeanScale) ?? vad.EnergyMeanScale,
                FramesContext = parsed.GetValue(VadContext) ?? vad.FramesContext,
                ProportionThreshold = parsed.GetValue(VadProportion) ?? vad.ProportionThreshold,
            };
        deltas?.Validate();
        cmn?.Validate();
        vad?.Validate();
        return new PostProcessingOptions { Deltas = deltas, Cmn = cmn, Vad = vad };
    }

    private static bool Bool(string name, string? value) => (value ?? "true").Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new Infrastructure.CliException($"{name} '{value}' is not true or false."),
    };

    private static bool IsBool(string name) => name is "remove-dc-offset" or "round-to-power-of-two" or "snip-edges" or "raw-energy"
        or "htk-compat" or "use-energy" or "use-log-fbank" or "use-power";

    private static string HelpName(string name) => IsBool(name) ? "BOOL" : name switch
    {
        "window-type" => "povey|hamming|hanning|rectangular|blackman|sine",
        "sample-frequency" or "low-freq" or "high-freq" => "HZ",
        "frame-length" or "frame-shift" => "MS",
        "num-ceps" or "num-mel-bins" => "N",
        _ => "X",
    };

    private static string Describe(string name, string kind) => name switch
    {
        "sample-frequency" => "Sample rate the WAV files must have (16000)",
        "frame-length" => "Frame length in ms (25)",
        "frame-shift" => "Frame shift in ms (10)",
        "dither" => "Gaussian dither added to each sample (1.0; 0 = deterministic)",
        "preemphasis-coefficient" => "Pre-emphasis coefficient (0.97)",
        "remove-dc-offset" => "Subtract each frame's mean (true)",
        "window-type" => "Analysis window (povey)",
        "round-to-power-of-two" => "Zero-pad frames to a power of two for the FFT (true)",
        "blackman-coeff" => "Blackman window coefficient (0.42)",
        "snip-edges" => "Only frames that fit wholly in the signal (true); false: one per shift, edges reflected",
        "num-mel-bins" => "Mel filterbank bins (23)",
        "low-freq" => "Low edge of the mel bank in Hz (20)",
        "high-freq" => "High edge in Hz; 0 = Nyquist, negative = Nyquist + value (0)",
        "energy-floor" => "Floor on the energy, not its log (0 = none)",
        "raw-energy" => "Energy before pre-emphasis and windowing (true)",
        "htk-compat" => kind == "mfcc" ? "Energy/c0 last, c0 scaled by sqrt(2) (false)" : "Energy column last (false)",
        "use-energy" => kind == "mfcc" ? "Log energy instead of c0 (true)" : "Add a log-energy column (false)",
        "num-ceps" => "Cepstra per frame including c0 (13)",
        "cepstral-lifter" => "Liftering coefficient (22; 0 = none)",
        "use-log-fbank" => "Log of the mel energies (true)",
        "use-power" => "Mel bins over the power spectrum, else the magnitude (true)",
        _ => name,
    };
}
