using System.Globalization;

namespace Gmm.Speech.Archives;

/// <summary>
/// One line of a Kaldi script (.scp): "KEY FILE[:OFFSET][RANGE]" — the matrix at byte OFFSET of FILE (an archive
/// written with its script), or the only matrix of FILE when there is no offset, optionally cut to a range.
/// </summary>
/// <param name="Key">The utterance id.</param>
/// <param name="File">The file holding the matrix.</param>
/// <param name="Offset">Byte offset of the matrix ("\0B" or "["), or null for the start of a single-matrix file.</param>
/// <param name="Range">Rows/columns to keep, or null for all.</param>
/// <param name="Line">1-based line number in the script, for messages.</param>
public sealed record ScriptEntry(string Key, string File, long? Offset, MatrixRange? Range, int Line)
{
    /// <summary>Parses one non-empty line; relative files resolve against <paramref name="baseFolder"/> when not found from the working folder.</summary>
    /// <exception cref="FormatException">A line without a file, a pipe, or a bad range.</exception>
    public static ScriptEntry Parse(string line, int lineNumber, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(line);
        string trimmed = line.Trim();
        int space = trimmed.IndexOfAny([' ', '\t']);
        if (space < 0) throw new FormatException($"line {lineNumber}: expected 'KEY FILE[:OFFSET]', got '{trimmed}'.");
        string key = trimmed[..space], rest = trimmed[(space + 1)..].Trim();
        if (rest.EndsWith('|') || rest.StartsWith('|'))
            throw new FormatException($"line {lineNumber}: '{rest}' is a Kaldi pipe; run the command and list the archive it writes instead.");
        MatrixRange? range = null;
        if (rest.EndsWith(']'))
        {
            int open = rest.LastIndexOf('[');
            if (open < 0) throw new FormatException($"line {lineNumber}: ']' without '[' in '{rest}'.");
            range = MatrixRange.Parse(rest[(open + 1)..^1]);
            rest = rest[..open];
        }
        long? offset = null;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && colon < rest.Length - 1 && rest[(colon + 1)..].All(char.IsAsciiDigit))
        {
            offset = long.Parse(rest[(colon + 1)..], CultureInfo.InvariantCulture);
            rest = rest[..colon];
        }
        if (rest.Length == 0) throw new FormatException($"line {lineNumber}: no file name for key '{key}'.");
        string file = Path.IsPathRooted(rest) || System.IO.File.Exists(rest) ? rest : Path.Combine(baseFolder, rest);
        return new ScriptEntry(key, file, offset, range, lineNumber);
    }
}
