namespace Gmm.Cli.Infrastructure;

/// <summary>What the tool's direct (non-Spectre) text layouts accept: text whose width in columns is its length.</summary>
internal static class PlainText
{
    /// <summary>
    /// True for non-empty text of printable ASCII, '…' and '≥' only (one terminal column per character, no markup to
    /// interpret, nothing Spectre would wrap or measure differently). '≥' is in the variational fit's facts
    /// ("16 of 20 (weight ≥ 0.01)"), which would otherwise be laid out by Spectre, its first use in the process.
    /// </summary>
    public static bool IsSimple(string text)
    {
        if (text.Length == 0) return false;
        foreach (char c in text)
            if (c is (< ' ' or > '~') and not ('…' or '≥')) return false;
        return true;
    }

    /// <summary>
    /// Whether text written to <paramref name="writer"/> reaches a reader as Unicode (Spectre then draws its box
    /// characters; on another encoding it falls back to ASCII borders, which only Spectre writes).
    /// </summary>
    public static bool IsUnicode(TextWriter writer)
    {
        var encoding = ReferenceEquals(writer, Console.Out) || ReferenceEquals(writer, Console.Error) ? Console.OutputEncoding : writer.Encoding;
        return encoding.CodePage is 65001 or 1200 or 1201;
    }
}
