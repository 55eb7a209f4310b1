using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// Statistics of hard (one-hot) responsibilities, for k-means initialisation: each point adds, with its weight, into
/// the component whose centre is nearest and nowhere else — the same sums as <see cref="ResponsibilityStatistics"/>
/// given a one-hot responsibility vector, without building one per point.
/// <para>
/// Per chunk: labels in parallel over blocks (<see cref="NearestCenter"/>, or the same labels from a device), then the
/// components in parallel, each adding its own points in index order into its own slots of the one result. A component
/// with more than <see cref="RangeRows"/> points in the chunk is summed in fixed ranges of that many of its points (so
/// that a few large clusters still use every core), each into its own partial sums, added in range order: the sums
/// depend on the data and the chunking alone, not on the thread count. The loops are compiled optimised at once
/// (<c>[AggressiveOptimization]</c>, so the k-means warm-up compiles them): at tier 0 their long loops were compiled again
/// on stack replacement on the fit's own threads.
/// The tied covariance's shared matrix is summed per fixed slice of the chunk and the slices added in order. Full and
/// tied second-order matrices are accumulated on and above the diagonal and mirrored at the end.
/// </para>
/// </summary>
internal static class OneHotStatistics
{
    private const int ChunkRows = 1 << 16;

    /// <summary>Points per slice of a chunk for the tied covariance's partial matrices (a fixed partition).</summary>
    private const int TiedSliceRows = 1 << 13;

    /// <summary>A component's points in a chunk are summed in ranges of at most this many (a fixed partition).</summary>
    internal const int RangeRows = 1 << 12;

    /// <summary>
    /// Statistics about <paramref name="center"/> with every point assigned to its nearest centre; the labels come from
    /// <paramref name="device"/> when given (the same labels), else from the host.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SufficientStatistics Accumulate<T>(IDataSource<T> data, NearestCenter nearest, int k, CovarianceType type, double[] center,
        IKMeansDevice<T>? device = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = data.Dimension;
        var definition = CovarianceDefinition.For(type);
        var stats = SufficientStatistics.AboutPoint(k, type, center);
        var labels = Array.Empty<int>();
        var tiedSlices = new double[definition.SharedSecondOrder ? ChunkRows / TiedSliceRows : 0][];
        for (int s = 0; s < tiedSlices.Length; s++) tiedSlices[s] = new double[d * d];
        var deviceLabels = device?.Label(data, nearest, type);
        foreach (var chunk in data.GetChunks(ChunkRows))
        {
            int n = chunk.Count;
            if (labels.Length < n) labels = new int[n];
            var current = chunk;
            if (deviceLabels is not null) deviceLabels.AsSpan((int)chunk.Start, n).CopyTo(labels);
            else
            {
                var chunkLabels = labels;
                const int size = PointPanels.BlockPoints;
                Parallel.For(0, (n + size - 1) / size, () => new float[size * d], (b, _, panels) =>
                {
                    int start = b * size, rows = Math.Min(size, n - start);
                    PointPanels.Fill(current.Values.Span.Slice(start * d, rows * d), d, nearest.OriginArray, panels);
                    nearest.Assign(panels, chunkLabels.AsSpan(start, rows));
                    return panels;
                }, _ => { });
            }

            var weights = chunk.Weights.Span;
            for (int i = 0; i < n; i++) stats.WeightSum += weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            stats.PointCount += n;
            AddComponents(current, labels.AsSpan(0, n), k, stats, definition);

            if (definition.SharedSecondOrder)
            {
                int slices = (n + TiedSliceRows - 1) / TiedSliceRows;
                Parallel.For(0, slices, s =>
                {
                    Array.Clear(tiedSlices[s]);
                    int start = s * TiedSliceRows;
                    AddTied(current, start, Math.Min(n, start + TiedSliceRows), center, tiedSlices[s]);
                });
                for (int s = 0; s < slices; s++) System.Numerics.Tensors.TensorPrimitives.Add(stats.SecondOrder, tiedSlices[s], stats.SecondOrder);
            }
        }
        definition.MirrorUpper(stats);
        return stats;
    }

    /// <summary>
    /// Adds every component's points of the chunk: components of at most <see cref="RangeRows"/> points straight into
    /// their slots, larger ones per range of RangeRows of their points into partial sums (N, F, then S by type) that are
    /// then added in range order. Each (component, range) item sums its points in index order; the items are shared
    /// among a few parallel passes of about equal points, each reading the chunk's rows in index order and adding the
    /// points of its own items (a stream the hardware prefetches, where reading one component's scattered rows after
    /// another waited on memory for most rows). Which pass sums an item changes no sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddComponents<T>(DataChunk<T> chunk, ReadOnlySpan<int> labels, int k, SufficientStatistics stats, CovarianceDefinition definition)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension, n = labels.Length;
        int secondSize = definition.ComponentSecondOrderLength(d);
        var counts = new int[k];
        foreach (int label in labels) counts[label]++;
        // Items: component c's first item is firstItem[c]; a component of more than RangeRows points has one per range.
        var firstItem = new int[k + 1];
        int partials = 0;
        for (int c = 0; c < k; c++)
        {
            int ranges = counts[c] <= RangeRows ? 1 : (counts[c] + RangeRows - 1) / RangeRows;
            firstItem[c + 1] = firstItem[c] + ranges;
            if (counts[c] > RangeRows) partials += ranges;
        }
        int items = firstItem[k];
        var itemComponent = new int[items];
        var itemPartial = new int[items]; // −1: straight into the component's slots
        var itemPoints = new int[items];
        for (int c = 0, slot = 0; c < k; c++)
            for (int item = firstItem[c]; item < firstItem[c + 1]; item++)
            {
                itemComponent[item] = c;
                itemPartial[item] = counts[c] <= RangeRows ? -1 : slot++;
                itemPoints[item] = Math.Min(RangeRows, counts[c] - (item - firstItem[c]) * RangeRows);
            }
        var pointItems = new int[n];
        var ranks = new int[k];
        for (int i = 0; i < n; i++)
        {
            int c = labels[i];
            pointItems[i] = firstItem[c] + ranks[c]++ / RangeRows;
        }
        // Passes of about n / passes points each, in item order.
        int passes = Math.Max(1, Math.Min(Environment.ProcessorCount, items));
        var itemPass = new int[items];
        for (int item = 0, pass = 0, sum = 0; item < items; item++)
        {
            itemPass[item] = pass;
            sum += itemPoints[item];
            if (pass < passes - 1 && (long)sum * passes >= (long)(pass + 1) * n) pass++;
        }

        int stride = 1 + d + secondSize;
        var partial = new double[partials * stride];
        Parallel.For(0, passes, pass => AddPoints(chunk, pass, pointItems, itemPass, itemComponent, itemPartial, partial, stride, stats, definition));
        for (int item = 0; item < items; item++)
        {
            int slot = itemPartial[item], c = itemComponent[item];
            if (slot < 0) continue;
            var sums = partial.AsSpan(slot * stride, stride);
            stats.ZerothOrder[c] += sums[0];
            SpanMath.AddScaled(stats.FirstOrder.AsSpan(c * d, d), sums.Slice(1, d), 1);
            SpanMath.AddScaled(stats.SecondOrder.AsSpan(c * secondSize, secondSize), sums.Slice(1 + d, secondSize), 1);
        }
    }

    /// <summary>
    /// Adds, in index order, the chunk's points whose item belongs to <paramref name="pass"/> into their item's sums: the
    /// component's slots of <paramref name="stats"/>, or the item's partial sums (N, F, S at <paramref name="stride"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddPoints<T>(DataChunk<T> chunk, int pass, int[] pointItems, int[] itemPass, int[] itemComponent, int[] itemPartial,
        double[] partial, int stride, SufficientStatistics stats, CovarianceDefinition definition)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension, secondSize = stride - 1 - d;
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        var center = stats.CenterArray;
        Span<double> diff = stackalloc double[d];
        for (int i = 0; i < pointItems.Length; i++)
        {
            int item = pointItems[i];
            if (itemPass[item] != pass) continue;
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            if (w == 0) continue;
            var row = values.Slice(i * d, d);
            for (int j = 0; j < d; j++) diff[j] = double.CreateTruncating(row[j]) - center[j];
            int slot = itemPartial[item];
            if (slot < 0)
            {
                int c = itemComponent[item];
                stats.ZerothOrder[c] += w;
                definition.AddAssignedPoint(stats.FirstOrder.AsSpan(c * d, d), stats.SecondOrder.AsSpan(c * secondSize, secondSize), diff, w);
            }
            else
            {
                var sums = partial.AsSpan(slot * stride, stride);
                sums[0] += w;
                definition.AddAssignedPoint(sums.Slice(1, d), sums.Slice(1 + d, secondSize), diff, w);
            }
        }
    }

    /// <summary>Adds Σ w (x − center)(x − center)ᵀ, on and above the diagonal, over points [start, end) of the chunk into <paramref name="target"/> (d×d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTied<T>(DataChunk<T> chunk, int start, int end, double[] center, double[] target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension;
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        Span<double> diff = stackalloc double[d];
        for (int i = start; i < end; i++)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            if (w == 0) continue;
            var row = values.Slice(i * d, d);
            for (int j = 0; j < d; j++) diff[j] = double.CreateTruncating(row[j]) - center[j];
            for (int a = 0; a < d; a++) SpanMath.AddScaled(target.AsSpan(a * d + a, d - a), diff[a..], w * diff[a]);
        }
    }
}
