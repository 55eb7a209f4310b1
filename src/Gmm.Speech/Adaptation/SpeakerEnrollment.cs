namespace Gmm.Speech.Adaptation;

/// <summary>A speaker and the keys of their enrolment utterances: one line of a Kaldi spk2utt file.</summary>
/// <param name="Speaker">The speaker id (the model's name).</param>
/// <param name="Utterances">The utterance keys (at least one).</param>
public sealed record SpeakerEnrollment(string Speaker, IReadOnlyList<string> Utterances)
{
    /// <summary>
    /// Reads a Kaldi spk2utt file: one speaker per line, "SPEAKER UTT1 UTT2 ...", fields separated by spaces or tabs;
    /// blank lines are skipped.
    /// </summary>
    /// <exception cref="FeatureFormatException">A line without utterances, a speaker listed twice, or an utterance given to two speakers (the message names the file and line).</exception>
    public static IReadOnlyList<SpeakerEnrollment> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var speakers = new List<SpeakerEnrollment>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (where, fields) in KaldiTextLines.Read(path))
        {
            if (fields.Length < 2) throw new FeatureFormatException(path, $"{where}: speaker '{fields[0]}' has no utterances (expected 'SPEAKER UTT1 UTT2 ...').");
            if (!seen.Add(fields[0])) throw new FeatureFormatException(path, $"{where}: speaker '{fields[0]}' is listed twice.");
            foreach (string utterance in fields.Skip(1))
                if (!owners.TryAdd(utterance, fields[0]))
                    throw new FeatureFormatException(path, $"{where}: utterance '{utterance}' of speaker '{fields[0]}' already belongs to speaker '{owners[utterance]}'.");
            speakers.Add(new SpeakerEnrollment(fields[0], fields[1..]));
        }
        if (speakers.Count == 0) throw new FeatureFormatException(path, "lists no speakers.");
        return speakers;
    }
}
