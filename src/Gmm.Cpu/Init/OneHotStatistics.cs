using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// Statistics of hard (one-hot) responsibilities, for k-means initialisation: each point adds, with its weight, into
/// the component whose centre is nearest and nowhere else — the same sums as <see cref="ResponsibilityStatistics"/>
/// given a one-hot responsibility vector, without building one per point.
/// <para>
/// Per chunk: labels in parallel over blocks (<see cref="NearestCenter"/>, or the same labels from a device), a stable grouping by label
/// (<see cref="LabelGroups"/>), then the components in parallel, each adding its own points in index order into its own
/// slots of the one result. A component with more than <see cref="RangeRows"/> points in the chunk is summed in fixed
/// ranges of that many points (in parallel, so that a few large clusters still use every core), each into its own
/// partial sums, added in range order: the sums depend on the data and the chunking alone, not on the thread count.
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
            var groups = new LabelGroups(labels.AsSpan(0, n), k);
            AddComponents(current, groups, k, stats, definition);

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
    /// their slots, larger ones per range into partial sums (N, F, then S by type) that are then added in range order.
    /// </summary>
    private static void AddComponents<T>(DataChunk<T> chunk, LabelGroups groups, int k, SufficientStatistics stats, CovarianceDefinition definition)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension;
        int secondSize = definition.ComponentSecondOrderLength(d);
        var work = new List<(int Component, int Start, int Count, int Partial)>(k);
        int partials = 0;
        for (int c = 0; c < k; c++)
        {
            int count = groups.Starts[c + 1] - groups.Starts[c];
            if (count <= RangeRows) work.Add((c, 0, count, -1));
            else for (int start = 0; start < count; start += RangeRows) work.Add((c, start, Math.Min(RangeRows, count - start), partials++));
        }
        int stride = 1 + d + secondSize;
        var partial = new double[partials * stride];
        Parallel.For(0, work.Count, i =>
        {
            var (c, start, count, slot) = work[i];
            var members = groups.Members(c).Slice(start, count);
            if (slot < 0)
                AddPoints(chunk, members, stats.CenterArray, ref stats.ZerothOrder[c], stats.FirstOrder.AsSpan(c * d, d),
                    stats.SecondOrder.AsSpan(c * secondSize, secondSize), definition);
            else
            {
                var sums = partial.AsSpan(slot * stride, stride);
                AddPoints(chunk, members, stats.CenterArray, ref sums[0], sums.Slice(1, d), sums.Slice(1 + d, secondSize), definition);
            }
        });
        foreach (var (c, _, _, slot) in work)
        {
            if (slot < 0) continue;
            var sums = partial.AsSpan(slot * stride, stride);
            stats.ZerothOrder[c] += sums[0];
            SpanMath.AddScaled(stats.FirstOrder.AsSpan(c * d, d), sums.Slice(1, d), 1);
            SpanMath.AddScaled(stats.SecondOrder.AsSpan(c * secondSize, secondSize), sums.Slice(1 + d, secondSize), 1);
        }
    }

    /// <summary>Adds the chunk's points <paramref name="members"/> (in the order given) into one component's sums.</summary>
    private static void AddPoints<T>(DataChunk<T> chunk, ReadOnlySpan<int> members, double[] center, ref double zeroth,
        Span<double> first, Span<double> second, CovarianceDefinition definition)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension;
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        Span<double> diff = stackalloc double[d];
        foreach (int i in members)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            if (w == 0) continue;
            var row = values.Slice(i * d, d);
            for (int j = 0; j < d; j++) diff[j] = double.CreateTruncating(row[j]) - center[j];
            zeroth += w;
            definition.AddAssignedPoint(first, second, diff, w);
        }
    }

    /// <summary>Adds Σ w (x − center)(x − center)ᵀ, on and above the diagonal, over points [start, end) of the chunk into <paramref name="target"/> (d×d).</summary>
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
