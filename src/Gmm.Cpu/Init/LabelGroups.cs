namespace Gmm;

/// <summary>
/// Point indices grouped by label with a stable counting sort: the members of group c are
/// Order[Starts[c] .. Starts[c + 1]) in increasing index. Sums taken over a group in that order do not depend on how
/// the groups are shared among threads, so per-cluster sums can run in parallel and still match a serial loop bit for bit.
/// </summary>
internal sealed class LabelGroups
{
    /// <summary>Groups the indices 0 .. labels.Length − 1 by label (each in [0, k)).</summary>
    public LabelGroups(ReadOnlySpan<int> labels, int k)
    {
        Starts = new int[k + 1];
        foreach (int label in labels) Starts[label + 1]++;
        for (int c = 0; c < k; c++) Starts[c + 1] += Starts[c];
        Order = new int[labels.Length];
        var next = Starts[..k];
        for (int i = 0; i < labels.Length; i++) Order[next[labels[i]]++] = i;
    }

    /// <summary>Point indices, grouped by label, increasing within a group.</summary>
    public int[] Order { get; }

    /// <summary>Group c is Order[Starts[c] .. Starts[c + 1]) (k + 1 values).</summary>
    public int[] Starts { get; }

    /// <summary>The indices of the points labelled c, in increasing order.</summary>
    public ReadOnlySpan<int> Members(int c) => Order.AsSpan(Starts[c], Starts[c + 1] - Starts[c]);
}
