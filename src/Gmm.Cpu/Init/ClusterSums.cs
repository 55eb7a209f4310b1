using System.Runtime.CompilerServices;

namespace Gmm;

/// <summary>
/// Lloyd's per-cluster sums over a sample: Σ w x (k×d) and Σ w (k) of each cluster's points, taken over the points in
/// index order, so each cluster's sums are those of a serial loop over its members alone, bit for bit. Between
/// iterations only the clusters that gained or lost a point are summed again: the others have the same members in the
/// same order, so their sums, and the centres made from them, would come out the same bits.
/// </summary>
internal sealed class ClusterSums
{
    private readonly DataSample _sample;
    private readonly int _k;
    private readonly int[] _previous;
    private readonly bool[] _changed;
    private int[]? _members;
    private bool _first = true;

    /// <summary>Prepares the sums of <paramref name="sample"/>'s points over k clusters.</summary>
    public ClusterSums(DataSample sample, int k)
    {
        _sample = sample;
        _k = k;
        _previous = new int[sample.Count];
        _changed = new bool[k];
        Sums = new double[k * sample.Dimension];
        Totals = new double[k];
    }

    /// <summary>Σ w x per cluster (k×d, row-major) after the last <see cref="Update"/>.</summary>
    public double[] Sums { get; }

    /// <summary>Σ w per cluster (k) after the last <see cref="Update"/>.</summary>
    public double[] Totals { get; }

    /// <summary>How many clusters the last <see cref="Update"/> summed again (all k on the first).</summary>
    public int Recomputed { get; private set; }

    /// <summary>Whether cluster c's members changed in the last <see cref="Update"/> (always true after the first).</summary>
    public bool Changed(int c) => _changed[c];

    /// <summary>
    /// Brings the sums to the labels (the sample's points' clusters, each in [0, k)): the clusters whose members
    /// changed since the previous call (all of them on the first) are summed again from zero; the rest keep theirs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(ReadOnlySpan<int> labels)
    {
        int d = _sample.Dimension, m = _sample.Count;
        if (labels.Length != m) throw new ArgumentException($"labels must hold one label per sample point ({m}); got {labels.Length}.", nameof(labels));
        var changed = _changed;
        var previous = _previous;
        if (_first) Array.Fill(changed, true);
        else
        {
            Array.Clear(changed);
            for (int i = 0; i < m; i++)
            {
                int now = labels[i], before = previous[i];
                if (now == before) continue;
                changed[now] = true;
                changed[before] = true;
            }
        }
        _first = false;
        labels.CopyTo(previous);
        int recomputed = 0;
        for (int c = 0; c < _k; c++)
        {
            if (!changed[c]) continue;
            recomputed++;
            Totals[c] = 0;
            Array.Clear(Sums, c * d, d);
        }
        Recomputed = recomputed;
        if (recomputed == 0) return;
        // The points of the changed clusters, listed first without a branch per point (all points when every cluster
        // changed), so that the summing loop runs without mispredictions.
        var members = recomputed == _k ? null : _members ??= new int[m];
        int count = m;
        if (members is not null)
        {
            count = 0;
            for (int i = 0; i < m; i++)
            {
                members[count] = i;
                count += changed[labels[i]] ? 1 : 0;
            }
        }
        var weights = _sample.Weights;
        var sums = Sums;
        var totals = Totals;
        for (int r = 0; r < count; r++)
        {
            int i = members is null ? r : members[r], c = labels[i];
            double w = weights[i];
            totals[c] += w;
            SpanMath.AddScaled(sums.AsSpan(c * d, d), _sample.Row(i), w);
        }
    }
}
