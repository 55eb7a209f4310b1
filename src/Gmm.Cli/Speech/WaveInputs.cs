using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Speech;

/// <summary>
/// The audio inputs of gmm mfcc / gmm fbank: one .wav file (key: its name without extension), or a list with one WAV per
/// line, either "PATH" or "KEY PATH" (Kaldi's wav.scp without pipes); relative paths start at the list's folder.
/// </summary>
internal static class WaveInputs
{
    public static IReadOnlyList<(string Key, string Path)> Read(string input)
    {
        Formats.DataReader.CheckReadable(input);
        if (Path.GetExtension(input).Equals(".wav", StringComparison.OrdinalIgnoreCase))
            return [(Path.GetFileNameWithoutExtension(input), input)];
        string folder = Path.GetDirectoryName(Path.GetFullPath(input)) ?? ".";
        var entries = new List<(string, string)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in File.ReadLines(input))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.IndexOf('\0') >= 0)
                throw new CliException($"{input}: is neither a .wav file nor a text list of WAV files (line {number} holds binary data).");
            var parts = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            string file = parts.Length == 2 ? parts[1].Trim() : parts[0];
            if (file.EndsWith('|')) throw new CliException($"{input}: line {number}: '{file}' is a Kaldi pipe; list WAV files instead.");
            string key = parts.Length == 2 ? parts[0] : Path.GetFileNameWithoutExtension(file);
            string resolved = Path.IsPathRooted(file) ? file : Path.Combine(folder, file);
            if (!File.Exists(resolved)) throw new CliException($"{input}: line {number}: '{file}' not found.");
            if (!keys.Add(key)) throw new CliException($"{input}: line {number}: utterance key '{key}' appears twice; keys must be unique (use 'KEY PATH' lines).");
            entries.Add((key, resolved));
        }
        if (entries.Count == 0) throw new CliException($"{input}: the list names no WAV files.");
        return entries;
    }
}
