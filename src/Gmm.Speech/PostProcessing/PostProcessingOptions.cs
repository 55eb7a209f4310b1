namespace Gmm.Speech.PostProcessing;

/// <summary>
/// What to do to raw features, in Kaldi's order: VAD decisions from the raw features' column 0, then add-deltas, then
/// apply-cmvn-sliding, then keep the voiced frames (select-voiced-frames). Each step is skipped when its options are null.
/// </summary>
public sealed record PostProcessingOptions
{
    /// <summary>add-deltas, or null for none.</summary>
    public DeltaOptions? Deltas { get; init; }

    /// <summary>apply-cmvn-sliding, or null for none.</summary>
    public SlidingCmnOptions? Cmn { get; init; }

    /// <summary>compute-vad + select-voiced-frames, or null to keep every frame.</summary>
    public VadOptions? Vad { get; init; }

    /// <summary>Nothing: the raw features.</summary>
    public static PostProcessingOptions None { get; } = new();

    /// <summary>
    /// The sid recipes' pipeline (egs/sre08/v1/sid/train_diag_ubm.sh): add-deltas --delta-window 3 --delta-order 2,
    /// apply-cmvn-sliding --norm-vars false --center true --cmn-window 300, select-voiced-frames with compute-vad's
    /// decisions from conf/vad.conf (threshold 5.5, mean scale 0.5).
    /// </summary>
    public static PostProcessingOptions Sid { get; } = new()
    {
        Deltas = new DeltaOptions { Order = 2, Window = 3 },
        Cmn = new SlidingCmnOptions { Window = 300, Center = true },
        Vad = new VadOptions(),
    };

    /// <summary>The preset called <paramref name="name"/> ("sid"), for --preset.</summary>
    /// <exception cref="ArgumentException">An unknown preset.</exception>
    public static PostProcessingOptions Preset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sid" => Sid,
        "none" => None,
        _ => throw new ArgumentException($"--preset '{name}' is unknown; the presets are sid (deltas window 3, centred CMN window 300, energy VAD) and none.", nameof(name)),
    };

    /// <summary>Applies the steps to one utterance's raw features.</summary>
    public FeatureMatrix Apply(FeatureMatrix raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        bool[]? voiced = Vad is null ? null : EnergyVad.Compute(raw, Vad);
        var features = Deltas is null ? raw : DeltaFeatures.Compute(raw, Deltas);
        if (Cmn is not null && features.Rows > 0) features = SlidingCmn.Apply(features, Cmn);
        return voiced is null ? features : features.SelectRows(voiced);
    }
}
