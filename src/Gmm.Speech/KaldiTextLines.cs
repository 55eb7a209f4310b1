using System.Globalization;

namespace Gmm.Speech;

/// <summary>
/// The lines of a Kaldi text list (trials, spk2utt, scores): fields separated by spaces or tabs, blank lines skipped,
/// each line named "line N" (1-based, counting the blank ones) for its reader's errors.
/// </summary>
internal static class KaldiTextLines
{
    /// <summary>The non-blank lines of <paramref name="path"/>, in order, as their fields.</summary>
    public static IEnumerable<(string Where, string[] Fields)> Read(string path)
    {
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            yield return (string.Create(CultureInfo.InvariantCulture, $"line {number}"), fields);
        }
    }
}
