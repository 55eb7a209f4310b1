namespace Gmm;

/// <summary>
/// numpy's <c>np.percentile(scores, 100 * contamination)</c> (method "linear", numpy 1.22+) over a stream of n scores
/// whose count is known in advance, computed exactly from a bounded buffer: the percentile lies between the order
/// statistics at ⌊v⌋ and ⌊v⌋ + 1 (0-based, ascending) with v = (n − 1)·q, so only the ⌊v⌋ + 2 smallest scores (a
/// max-heap that rejects a larger score with one comparison) or, when that tail is the larger one, the n − ⌊v⌋ largest
/// are kept: at most 8·(min(⌊v⌋ + 2, n − ⌊v⌋)) bytes, about 8·contamination·n for a small contamination.
/// </summary>
internal sealed class ScorePercentile
{
    private readonly long _count;
    private readonly long _below;       // ⌊v⌋: index of the lower neighbour
    private readonly long _above;       // its upper neighbour (= _below at the top end)
    private readonly double _gamma;     // v − ⌊v⌋, the interpolation weight
    private readonly bool _upperTail;   // keep the largest scores (negated) instead of the smallest
    private readonly double[] _heap;    // max-heap of the kept (possibly negated) scores
    private int _size;
    private long _seen;

    /// <param name="count">n ≥ 1, the number of scores that will be added.</param>
    /// <param name="contamination">The fraction in (0, 1); the percentile is 100·contamination.</param>
    public ScorePercentile(long count, double contamination)
    {
        CheckContamination(contamination);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        // As numpy: percentile q = 100·c, divided by 100 again; v = (n − 1)·q; neighbours ⌊v⌋ and ⌊v⌋ + 1, both the
        // last element where v ≥ n − 1; gamma = v − (the lower index as numpy holds it: −1 for "the last").
        double quantile = 100.0 * contamination / 100.0;
        double virtualIndex = (count - 1) * quantile;
        if (virtualIndex >= count - 1)
        {
            _below = _above = count - 1;
            _gamma = virtualIndex + 1;
        }
        else
        {
            _below = (long)Math.Floor(virtualIndex);
            _above = _below + 1;
            _gamma = virtualIndex - _below;
        }
        long lowerKeep = _above + 1, upperKeep = count - _below;
        _upperTail = upperKeep < lowerKeep;
        long keep = Math.Min(lowerKeep, upperKeep);
        if (keep > Array.MaxLength)
            throw new ArgumentException($"the exact percentile of {count} scores at contamination {contamination} needs {keep} scores in memory, more than one array holds.", nameof(count));
        _heap = new double[keep];
    }

    /// <summary>Adds scores (log-densities; −∞ allowed, NaN not).</summary>
    public void Add(ReadOnlySpan<double> scores)
    {
        if (_seen + scores.Length > _count) throw new InvalidOperationException($"more than the {_count} announced scores were added.");
        _seen += scores.Length;
        foreach (double score in scores)
        {
            double value = _upperTail ? -score : score;
            if (_size < _heap.Length) Push(value);
            else if (value < _heap[0]) ReplaceTop(value);
        }
    }

    /// <summary>The percentile, once every announced score has been added.</summary>
    public double Result()
    {
        if (_seen != _count) throw new InvalidOperationException($"{_seen} scores were added but {_count} were announced.");
        var kept = _heap.AsSpan(0, _size);
        kept.Sort();
        double lower, upper;
        if (_upperTail)
        {
            // kept[j] = −(the (j+1)-th largest score) = −(ascending index n − 1 − j).
            lower = -kept[(int)(_count - 1 - _below)];
            upper = -kept[(int)(_count - 1 - _above)];
        }
        else
        {
            lower = kept[(int)_below];
            upper = kept[(int)_above];
        }
        return Interpolate(lower, upper, _gamma);
    }

    /// <summary>
    /// numpy's <c>_lerp</c>: a + (b − a)·t, or b − (b − a)·(1 − t) where t ≥ 0.5, operation for operation. Where a
    /// neighbour is −∞ numpy computes −∞ + ∞ = NaN; here the interpolation between −∞ and anything is −∞.
    /// </summary>
    internal static double Interpolate(double a, double b, double t)
    {
        if (double.IsNegativeInfinity(a)) return a;
        double difference = b - a;
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }

    /// <summary>Refuses a contamination outside (0, 1), NaN included, naming the parameter.</summary>
    internal static void CheckContamination(double contamination)
    {
        if (!(contamination > 0 && contamination < 1))
            throw new ArgumentOutOfRangeException(nameof(contamination), contamination, "contamination must lie strictly between 0 and 1 (the expected fraction of anomalies).");
    }

    private void Push(double value)
    {
        int i = _size++;
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (_heap[parent] >= value) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = value;
    }

    private void ReplaceTop(double value)
    {
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _size) break;
            if (child + 1 < _size && _heap[child + 1] > _heap[child]) child++;
            if (_heap[child] <= value) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = value;
    }
}
