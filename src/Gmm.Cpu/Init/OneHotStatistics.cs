using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// Statistics of hard (one-hot) responsibilities, for k-means initialisation: each point adds, with its weight, into
/// the component whose centre is nearest and nowhere else — the same sums as <see cref="ResponsibilityStatistics"/>
/// given a one-hot responsibility vector, without building one per point.
/// <para>
/// Per chunk: labels in parallel over blocks (<see cref="NearestCenter"/>), a stable grouping by label
/// (<see cref="LabelGroups"/>), then the components in parallel, each adding its own points in index order into its own
/// slots of the one result, so its sums are those of a serial loop whatever the thread count. The tied covariance's
/// shared matrix is summed per fixed slice of the chunk and the slices added in order. Full and tied second-order
/// matrices are accumulated on and above the diagonal and mirrored at the end.
/// </para>
/// </summary>
internal static class OneHotStatistics
{
    private const int ChunkRows = 1 << 16;

    /// <summary>Points per slice of a chunk for the tied covariance's partial matrices (a fixed partition).</summary>
    private const int TiedSliceRows = 1 << 13;

    /// <summary>Statistics about <paramref name="center"/> with every point assigned to its nearest centre.</summary>
    public static SufficientStatistics Accumulate<T>(IDataSource<T> data, NearestCenter nearest, int k, CovarianceType type, double[] center)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = data.Dimension;
        var stats = SufficientStatistics.AboutPoint(k, type, center);
        var labels = Array.Empty<int>();
        var tiedSlices = new double[type == CovarianceType.Tied ? ChunkRows / TiedSliceRows : 0][];
        for (int s = 0; s < tiedSlices.Length; s++) tiedSlices[s] = new double[d * d];
        foreach (var chunk in data.GetChunks(ChunkRows))
        {
            int n = chunk.Count;
            if (labels.Length < n) labels = new int[n];
            var current = chunk;
            var chunkLabels = labels;
            const int size = PointPanels.BlockPoints;
            Parallel.For(0, (n + size - 1) / size, () => new float[size * d], (b, _, panels) =>
            {
                int start = b * size, rows = Math.Min(size, n - start);
                PointPanels.Fill(current.Values.Span.Slice(start * d, rows * d), d, nearest.Origin, panels);
                nearest.Assign(panels, chunkLabels.AsSpan(start, rows));
                return panels;
            }, _ => { });

            var weights = chunk.Weights.Span;
            for (int i = 0; i < n; i++) stats.WeightSum += weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            stats.PointCount += n;
            var groups = new LabelGroups(labels.AsSpan(0, n), k);
            Parallel.For(0, k, c => AddComponent(current, groups.Members(c), c, stats));

            if (type == CovarianceType.Tied)
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
        if (type is CovarianceType.Full or CovarianceType.Tied)
            for (int c = 0; c < (type == CovarianceType.Full ? k : 1); c++) MirrorUpper(stats.SecondOrder.AsSpan(c * d * d, d * d), d);
        return stats;
    }

    /// <summary>Adds the chunk's points <paramref name="members"/> (in the order given) into component c.</summary>
    private static void AddComponent<T>(DataChunk<T> chunk, ReadOnlySpan<int> members, int c, SufficientStatistics stats)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = chunk.Dimension;
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        var center = stats.Center;
        var first = stats.FirstOrder.AsSpan(c * d, d);
        Span<double> diff = stackalloc double[d];
        foreach (int i in members)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            if (w == 0) continue;
            var row = values.Slice(i * d, d);
            for (int j = 0; j < d; j++) diff[j] = double.CreateTruncating(row[j]) - center[j];
            stats.ZerothOrder[c] += w;
            switch (stats.CovarianceType)
            {
                case CovarianceType.Full:
                    SpanMath.AddScaled(first, diff, w);
                    var second = stats.SecondOrder.AsSpan(c * d * d, d * d);
                    for (int a = 0; a < d; a++) SpanMath.AddScaled(second.Slice(a * d + a, d - a), diff[a..], w * diff[a]);
                    break;
                case CovarianceType.Diagonal:
                    AddWeightedSquares(first, stats.SecondOrder.AsSpan(c * d, d), diff, w);
                    break;
                case CovarianceType.Spherical:
                    SpanMath.AddScaled(first, diff, w);
                    for (int j = 0; j < d; j++) stats.SecondOrder[c] += w * diff[j] * diff[j];
                    break;
                default:
                    SpanMath.AddScaled(first, diff, w);
                    break;
            }
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

    /// <summary>first += w·diff and second += (w·diff)·diff, element by element (the diagonal covariance's sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWeightedSquares(Span<double> first, Span<double> second, ReadOnlySpan<double> diff, double w)
    {
        int n = diff.Length, i = 0;
        ref double f = ref MemoryMarshal.GetReference(first);
        ref double q = ref MemoryMarshal.GetReference(second);
        ref double e = ref MemoryMarshal.GetReference(diff);
        if (Vector.IsHardwareAccelerated)
        {
            var weight = new Vector<double>(w);
            for (; i + Vector<double>.Count <= n; i += Vector<double>.Count)
            {
                var x = Vector.LoadUnsafe(ref e, (nuint)i);
                var wx = weight * x;
                (Vector.LoadUnsafe(ref f, (nuint)i) + wx).StoreUnsafe(ref f, (nuint)i);
                (Vector.LoadUnsafe(ref q, (nuint)i) + wx * x).StoreUnsafe(ref q, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double x = Unsafe.Add(ref e, i), wx = w * x;
            Unsafe.Add(ref f, i) += wx;
            Unsafe.Add(ref q, i) += wx * x;
        }
    }

    /// <summary>Copies the upper triangle of a d×d matrix onto the lower.</summary>
    private static void MirrorUpper(Span<double> matrix, int d)
    {
        for (int a = 0; a < d; a++)
            for (int b = a + 1; b < d; b++) matrix[b * d + a] = matrix[a * d + b];
    }
}
