namespace Gmm.Speech.Verification;

/// <summary>One verification trial: does <paramref name="Utterance"/> come from the speaker of <paramref name="Model"/>?</summary>
/// <param name="Model">The speaker model's name.</param>
/// <param name="Utterance">The test utterance's key.</param>
/// <param name="IsTarget">True for a target trial (same speaker), false for a non-target one, null when the list does not say.</param>
public sealed record Trial(string Model, string Utterance, bool? IsTarget)
{
    /// <summary>
    /// Reads a Kaldi trials file: one trial per line, "MODEL UTTERANCE [target|nontarget]", fields separated by spaces or
    /// tabs; blank lines are skipped.
    /// </summary>
    /// <exception cref="FeatureFormatException">A line with another number of fields or another label (the message names the file and line).</exception>
    public static IReadOnlyList<Trial> ReadList(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var trials = new List<Trial>();
        foreach (var (where, fields) in KaldiTextLines.Read(path))
        {
            if (fields.Length is < 2 or > 3)
                throw new FeatureFormatException(path, $"{where}: expected 'MODEL UTTERANCE [target|nontarget]', got {fields.Length} field(s).");
            bool? target = fields.Length == 2 ? null : ParseLabel(fields[2]) ?? throw new FeatureFormatException(path, $"{where}: the third field must be 'target' or 'nontarget', not '{fields[2]}'.");
            trials.Add(new Trial(fields[0], fields[1], target));
        }
        if (trials.Count == 0) throw new FeatureFormatException(path, "lists no trials.");
        return trials;
    }

    /// <summary>"target" → true, "nontarget" → false, anything else → null.</summary>
    public static bool? ParseLabel(string label) => label switch
    {
        "target" => true,
        "nontarget" => false,
        _ => null,
    };

    /// <summary>The label as Kaldi writes it.</summary>
    public static string LabelName(bool isTarget) => isTarget ? "target" : "nontarget";
}
