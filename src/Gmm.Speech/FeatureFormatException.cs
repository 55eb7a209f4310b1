namespace Gmm.Speech;

/// <summary>
/// A speech file (WAV, Kaldi archive or script, HTK) that cannot be read as it claims to be. The message names the file,
/// and where known the utterance key and the byte offset, as Kaldi's readers do.
/// </summary>
public sealed class FeatureFormatException : IOException
{
    /// <summary>Creates the exception; the message is "FILE: utterance 'KEY' at byte OFFSET: PROBLEM".</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="problem">What is wrong, and where possible what to do.</param>
    /// <param name="key">The utterance key, when the problem is inside one utterance.</param>
    /// <param name="byteOffset">Byte offset in the file where the problem was found (or where the object starts).</param>
    /// <param name="inner">The underlying error, if any.</param>
    public FeatureFormatException(string filePath, string problem, string? key = null, long? byteOffset = null, Exception? inner = null)
        : base(Describe(filePath, problem, key, byteOffset), inner)
    {
        FilePath = filePath;
        Key = key;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>The utterance key, or null.</summary>
    public string? Key { get; }

    /// <summary>The byte offset, or null.</summary>
    public long? ByteOffset { get; }

    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    private static string Describe(string file, string problem, string? key, long? offset)
    {
        string where = (key, offset) switch
        {
            (not null, not null) => $" utterance '{key}' at byte {offset}:",
            (not null, null) => $" utterance '{key}':",
            (null, not null) => $" at byte {offset}:",
            _ => "",
        };
        return $"{file}:{where} {problem}";
    }
}
