namespace Gmm.Cli.Formats;

/// <summary>
/// The three values gmm reads from a .npy header's dictionary text, found as the regular expressions
/// <c>['"]descr['"]\s*:\s*['"]([^'"]*)['"]</c>, <c>['"]fortran_order['"]\s*:\s*(True|False)</c> and
/// <c>['"]shape['"]\s*:\s*\(([^)]*)\)</c> find them: the leftmost place where the whole pattern matches (a key whose
/// value does not fit is passed over), whitespace as <c>\s</c> (<see cref="char.IsWhiteSpace(char)"/>), case
/// sensitive. Written out rather than with Regex, whose assembly and engine every .npy read would otherwise load
/// and start.
/// </summary>
internal static class NpyHeaderText
{
    /// <summary>The descr value (the text between its quotes, e.g. "&lt;f8"), or null when no 'descr' key has a quoted value.</summary>
    public static string? Descr(string text)
    {
        for (int from = 0; ValueAfter(text, "descr", ref from) is int at and >= 0;)
        {
            if (!IsQuote(text[at])) continue;
            int end = text.AsSpan(at + 1).IndexOfAny('\'', '"');
            if (end >= 0) return text.Substring(at + 1, end);
        }
        return null;
    }

    /// <summary>"True" or "False", or null when no 'fortran_order' key has one of them as its value.</summary>
    public static string? FortranOrder(string text)
    {
        for (int from = 0; ValueAfter(text, "fortran_order", ref from) is int at and >= 0;)
        {
            if (string.CompareOrdinal(text, at, "True", 0, 4) == 0) return "True";
            if (string.CompareOrdinal(text, at, "False", 0, 5) == 0) return "False";
        }
        return null;
    }

    /// <summary>The text between the shape value's parentheses (e.g. "100000, 16"), or null when no 'shape' key has a parenthesised value.</summary>
    public static string? Shape(string text)
    {
        for (int from = 0; ValueAfter(text, "shape", ref from) is int at and >= 0;)
        {
            if (text[at] != '(') continue;
            int end = text.IndexOf(')', at + 1);
            if (end >= 0) return text.Substring(at + 1, end - at - 1);
        }
        return null;
    }

    /// <summary>
    /// The index of the first character after <c>['"]key['"]\s*:\s*</c> at the next place from <paramref name="from"/>
    /// where that part matches (always within the text), or -1; <paramref name="from"/> moves past that place.
    /// </summary>
    private static int ValueAfter(string text, string key, ref int from)
    {
        for (int i = from; i + key.Length + 2 < text.Length; i++)
        {
            if (!IsQuote(text[i]) || string.CompareOrdinal(text, i + 1, key, 0, key.Length) != 0 || !IsQuote(text[i + key.Length + 1])) continue;
            int at = SkipWhiteSpace(text, i + key.Length + 2);
            if (at >= text.Length || text[at] != ':') continue;
            at = SkipWhiteSpace(text, at + 1);
            if (at >= text.Length) continue;
            from = i + 1;
            return at;
        }
        from = text.Length;
        return -1;
    }

    private static int SkipWhiteSpace(string text, int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        return at;
    }

    private static bool IsQuote(char c) => c is '\'' or '"';
}
