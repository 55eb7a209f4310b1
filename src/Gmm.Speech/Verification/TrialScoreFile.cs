using System.Globalization;

namespace Gmm.Speech.Verification;

/// <summary>
/// The scores file of <c>gmm trials</c>: one line per trial, "MODEL UTTERANCE SCORE [target|nontarget]" (Kaldi's
/// "model utterance score", with the trial's label appended when the trials list had one), the score in round-trip
/// decimal. Reading also accepts compute-eer's two-field lines "SCORE target|nontarget".
/// </summary>
public static class TrialScoreFile
{
    /// <summary>The line of one scored trial (no line break).</summary>
    public static string Line(Trial trial, double score)
    {
        ArgumentNullException.ThrowIfNull(trial);
        string line = string.Create(CultureInfo.InvariantCulture, $"{trial.Model} {trial.Utterance} {score:R}");
        return trial.IsTarget is { } target ? line + " " + Trial.LabelName(target) : line;
    }

    /// <summary>The labelled scores of a scores file, in order.</summary>
    /// <exception cref="FeatureFormatException">A line without a label, with a bad score or label (the message names the file and line), or no trials.</exception>
    public static (IReadOnlyList<double> Scores, IReadOnlyList<bool> IsTarget) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var scores = new List<double>();
        var labels = new List<bool>();
        foreach (var (where, fields) in KaldiTextLines.Read(path))
        {
            if (fields.Length is not (2 or 4))
                throw new FeatureFormatException(path, $"{where}: expected 'MODEL UTTERANCE SCORE target|nontarget' (or 'SCORE target|nontarget'), got {fields.Length} field(s); score trials whose list says target or nontarget.");
            string scoreField = fields[^2], labelField = fields[^1];
            if (!double.TryParse(scoreField, NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || !double.IsFinite(score))
                throw new FeatureFormatException(path, $"{where}: '{scoreField}' is not a finite number.");
            bool target = Trial.ParseLabel(labelField) ?? throw new FeatureFormatException(path, $"{where}: the label must be 'target' or 'nontarget', not '{labelField}'.");
            scores.Add(score);
            labels.Add(target);
        }
        if (scores.Count == 0) throw new FeatureFormatException(path, "holds no scored trials.");
        return (scores, labels);
    }
}
