using System.Text;

namespace Gmm.Tests.Support;

/// <summary>A line diff for test messages: the lines only in the old text (-) and only in the new one (+), in order.</summary>
public static class LineDiff
{
    /// <summary>At most <paramref name="maxLines"/> changed lines, each with its line number in its own text.</summary>
    public static string Describe(string before, string after, int maxLines = 80)
    {
        string[] a = before.Split('\n'), b = after.Split('\n');
        // Longest common subsequence by dynamic programming from the end: lcs[i, j] for a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var text = new StringBuilder();
        int shown = 0, total = 0, x = 0, y = 0;
        void Line(char sign, int number, string line)
        {
            if (shown++ < maxLines) text.Append(sign).Append(' ').Append(number + 1).Append(": ").Append(line).Append('\n');
            total++;
        }
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) { Line('+', y, b[y]); y++; }
            else { Line('-', x, a[x]); x++; }
        }
        if (total > maxLines) text.Append("... ").Append(total - maxLines).Append(" more changed lines\n");
        return text.ToString();
    }
}
