using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm;

/// <summary>
/// Points in float32 about an origin (x − origin, rounded once), laid out for kernels that vectorise across points:
/// panels of W = Vector&lt;float&gt;.Count points, each panel feature-major, so point p·W + l, feature j is at
/// (p·d + j)·W + l and one vector holds one feature of W consecutive points. The point count is padded to a
/// multiple of <see cref="BlockPoints"/> with zero rows (points at the origin), so work splits into whole blocks.
/// </summary>
internal sealed class PointPanels
{
    /// <summary>
    /// Points per block of work: a fixed size (a multiple of every vector width), so the blocks, and any sums taken
    /// per block, are the same whatever the thread count.
    /// </summary>
    public const int BlockPoints = 1024;

    public PointPanels(int count, int dimension)
    {
        Count = count;
        Dimension = dimension;
        BlockCount = Math.Max(1, (count + BlockPoints - 1) / BlockPoints);
        long length = (long)BlockCount * BlockPoints * dimension;
        if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(count), count, "Too many points for one panel array.");
        Values = new float[length];
    }

    /// <summary>Points per panel (the vector width W).</summary>
    public static int Width => Vector<float>.Count;

    /// <summary>Number of real points (the rest up to <see cref="PaddedCount"/> are zero rows).</summary>
    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Number of blocks of <see cref="BlockPoints"/> points.</summary>
    public int BlockCount { get; }

    /// <summary>Count rounded up to whole blocks.</summary>
    public int PaddedCount => BlockCount * BlockPoints;

    /// <summary>The panel data: PaddedCount × d floats.</summary>
    public float[] Values { get; }

    /// <summary>The panels of block b (<see cref="BlockPoints"/> points).</summary>
    public ReadOnlySpan<float> Block(int b) => Values.AsSpan(b * BlockPoints * Dimension, BlockPoints * Dimension);

    /// <summary>The sample about <paramref name="origin"/> (d), converted in parallel.</summary>
    public static PointPanels FromSample(DataSample sample, double[] origin)
    {
        int d = sample.Dimension;
        var panels = new PointPanels(sample.Count, d);
        Parallel.For(0, panels.BlockCount, b =>
        {
            int start = b * BlockPoints, rows = Math.Clamp(sample.Count - start, 0, BlockPoints);
            Fill<double>(sample.Values.AsSpan(start * d, rows * d), d, origin,
                panels.Values.AsSpan(start * d, BlockPoints * d));
        });
        return panels;
    }

    /// <summary>
    /// Writes the row-major rows (rows.Length / d points) about <paramref name="origin"/> into panel storage
    /// <paramref name="target"/>; lanes past the last row (up to the end of target) are set to zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill<T>(ReadOnlySpan<T> rows, int d, double[] origin, Span<float> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Width, count = rows.Length / d;
        target.Clear();
        for (int i = 0; i < count; i++)
        {
            var row = rows.Slice(i * d, d);
            var panel = target.Slice(i / w * d * w);
            int lane = i % w;
            for (int j = 0; j < d; j++) panel[j * w + lane] = (float)(double.CreateTruncating(row[j]) - origin[j]);
        }
    }
}
