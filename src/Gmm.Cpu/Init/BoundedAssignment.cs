using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gmm;

/// <summary>
/// Lloyd's assignment step over the iterations of one k-means run, with Hamerly's bounds (Hamerly, "Making k-means
/// even faster", 2010) so that most points skip the search: each point keeps an upper bound u on its distance to its
/// own centre and a lower bound l on its distance to every other; when the centres move by δ, u grows by its centre's
/// δ and l shrinks by the largest other δ, and the point is searched again only if the bounds no longer prove its
/// centre nearest (l, or its centre's distance to the nearest other centre minus u, must exceed u).
/// <para>
/// The labels are exactly those a full <see cref="NearestCenter"/> pass gives, rounding included: the kernel's scores
/// are float32, so a skip also needs u² + 2E &lt; l², where E bounds the kernel's rounding error for that point
/// ((d + 2)·2⁻²⁴·(‖x‖ + max‖c‖)², about the origin, taken twice over). Bounds are true distances in float64, from the
/// kernel's scores widened by E: a point the bounds leave open is searched again at once (<see cref="BoundUpdate"/> does
/// the per-iteration step), without first measuring its distance to its own centre from the float64 row, whose scattered
/// reads cost more than the searches they saved. The search takes the points as float32 rows about the origin, the values
/// <see cref="PointPanels"/> holds, contiguous per point. Work is split into fixed blocks, and a point's result depends
/// only on its own bounds, so nothing depends on the thread count.
/// </para>
/// </summary>
internal sealed class BoundedAssignment : ICenterAssignment
{
    /// <summary>Relative headroom on distances computed in float64 (far above float64 rounding, far below the float32 margin E).</summary>
    private const double Headroom = 1e-12;

    private readonly DataSample _sample;
    /// <summary>The sample's points about the origin in float32 (x − origin, rounded once, as <see cref="PointPanels"/> holds them), row-major m×d.</summary>
    private readonly float[] _rows;
    private readonly int _blocks;
    private readonly double[] _origin;
    private readonly int _k;
    private readonly double[] _pointNorms;
    private readonly double[] _upper;
    private readonly double[] _lower;
    private readonly bool _vectorised;
    private double[]? _previous;

    /// <summary>Per-thread buffers kept between iterations (a thread takes one for its blocks and gives it back).</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<Scratch> _scratch = [];

    /// <summary>
    /// Prepares the assignment of the sample's points (about <paramref name="origin"/>) to k centres;
    /// <paramref name="vectorised"/> = false updates the bounds one point at a time (<see cref="BoundUpdate"/>);
    /// <paramref name="rows"/>, when at least m·d long, holds the float32 rows (its values are overwritten: memory the
    /// caller is done with, such as k-means++'s panels, whose pages are mapped already), else a new array does.
    /// </summary>
    public BoundedAssignment(DataSample sample, double[] origin, int k, bool vectorised = true, float[]? rows = null)
    {
        _vectorised = vectorised;
        _sample = sample;
        _blocks = Math.Max(1, (sample.Count + PointPanels.BlockPoints - 1) / PointPanels.BlockPoints);
        int length = sample.Count * sample.Dimension;
        _rows = rows is not null && rows.Length >= length ? rows : LargeArrays.Uninitialized<float>(length); // every value is written below
        _origin = origin;
        _k = k;
        int m = sample.Count;
        Labels = new int[m];
        _upper = new double[m];
        _lower = new double[m];
        _pointNorms = new double[m];
        Parallel.For(0, _blocks, b => ShiftedRowsAndNorms(b));
    }

    /// <summary>The label (nearest centre) of every sample point after the last <see cref="Assign(double[])"/>.</summary>
    public int[] Labels { get; }

    ReadOnlySpan<int> ICenterAssignment.Labels => Labels;

    void ICenterAssignment.Assign(ReadOnlySpan<double> centers) => Assign(centers.ToArray());

    /// <summary>How many points the last <see cref="Assign(double[])"/> searched in full (the rest were settled by their bounds).</summary>
    public int Searched { get; private set; }

    /// <summary>Assigns every point to its nearest centre (k×d, row-major), updating the labels and the bounds.</summary>
    public void Assign(double[] centers)
    {
        int d = _sample.Dimension, k = _k;
        var search = new NearestCenter(centers, k, d, _origin);
        var drift = new double[k];
        var separation = new double[k];
        double radius = 0;
        for (int c = 0; c < k; c++) radius = Math.Max(radius, Distance(centers.AsSpan(c * d, d), _origin));
        if (_previous is not null)
        {
            for (int c = 0; c < k; c++) drift[c] = Distance(centers.AsSpan(c * d, d), _previous.AsSpan(c * d, d)) * (1 + Headroom);
            Parallel.For(0, k, c => separation[c] = Separation(centers, c, k, d));
        }
        // The largest drift, and the largest among the other centres for a point of the centre that drifted most.
        int fastest = 0;
        for (int c = 1; c < k; c++) if (drift[c] > drift[fastest]) fastest = c;
        double runnerUp = 0;
        for (int c = 0; c < k; c++) if (c != fastest) runnerUp = Math.Max(runnerUp, drift[c]);
        var shrink = new double[k]; // how far a point's lower bound shrinks, by its own centre
        for (int c = 0; c < k; c++) shrink[c] = c == fastest ? runnerUp : drift[fastest];
        // E per point is errorScale·(‖x‖ + max‖c‖)²: twice the kernel's error bound (d + 2)·u·(‖x‖ + ‖c‖)², u = 2⁻²⁴.
        double errorScale = (d + 2) * Math.ScaleB(1.0, -23);
        bool fresh = _previous is null;
        var searched = new int[_blocks];
        Parallel.For(0, _blocks, () => _scratch.TryTake(out var kept) ? kept : new Scratch(d), (b, _, scratch) =>
        {
            searched[b] = SettleBlock(b, search, drift, shrink, separation, radius, errorScale, fresh, scratch);
            return scratch;
        }, _scratch.Add);
        Searched = searched.Sum();
        _previous = (double[])centers.Clone();
    }

    /// <summary>Centre c's distance to the nearest other centre, shrunk by the headroom (float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Separation(double[] centers, int c, int k, int d)
    {
        double nearest = double.PositiveInfinity;
        var own = centers.AsSpan(c * d, d);
        for (int o = 0; o < k; o++)
            if (o != c) nearest = Math.Min(nearest, SpanMath.SquaredDistance(own, centers.AsSpan(o * d, d)));
        return Math.Sqrt(nearest) * (1 - Headroom);
    }

    /// <summary>Nothing to release: the bounds are managed arrays.</summary>
    public void Dispose()
    {
    }

    /// <summary>Block b's points about the origin: the float32 rows the search takes and ‖x − origin‖ (float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ShiftedRowsAndNorms(int block)
    {
        int m = _sample.Count, d = _sample.Dimension;
        var values = _sample.Values;
        var origin = _origin;
        int end = Math.Min(m, (block + 1) * PointPanels.BlockPoints);
        for (int i = block * PointPanels.BlockPoints; i < end; i++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++)
            {
                double shifted = values[i * d + j] - origin[j];
                _rows[i * d + j] = (float)shifted;
                norm += shifted * shifted;
            }
            _pointNorms[i] = Math.Sqrt(norm);
        }
    }

    /// <summary>Updates the bounds of block b's points, searches those the bounds do not settle; returns how many it searched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SettleBlock(int block, NearestCenter search, double[] drift, double[] shrink, double[] separation,
        double radius, double errorScale, bool fresh, Scratch scratch)
    {
        int d = _sample.Dimension, w = PointPanels.Width, m = _sample.Count;
        int start = block * PointPanels.BlockPoints, end = Math.Min(m, start + PointPanels.BlockPoints);
        var pending = scratch.Pending;
        int open;
        if (fresh)
        {
            open = end - start;
            for (int r = 0; r < open; r++) pending[r] = start + r;
        }
        else open = BoundUpdate.Run(start, end, Labels, _upper, _lower, _pointNorms, drift, shrink, separation, radius, 2 * errorScale, _vectorised, pending);
        // The points the bounds leave open are searched (their float32 rows are a few cache lines each; measuring the
        // distance to the own centre first, from the float64 row, cost more in scattered reads than it saved in searches).
        int count = 0;
        for (int r = 0; r < open; r++)
        {
            int i = pending[r];
            int target = count / w * d * w + count % w;
            var row = _rows.AsSpan(i * d, d);
            for (int j = 0; j < d; j++) scratch.Panels[target + j * w] = row[j];
            scratch.Points[count++] = i;
        }
        if (count == 0) return 0;
        search.Assign(scratch.Panels, scratch.Labels.AsSpan(0, count), scratch.Best, scratch.Second);
        for (int r = 0; r < count; r++)
        {
            int i = scratch.Points[r];
            double norm2 = _pointNorms[i] * _pointNorms[i];
            double error = errorScale * (_pointNorms[i] + radius) * (_pointNorms[i] + radius);
            Labels[i] = scratch.Labels[r];
            _upper[i] = Math.Sqrt(Math.Max(0, scratch.Best[r] + norm2 + error)) * (1 + Headroom);
            _lower[i] = Math.Sqrt(Math.Max(0, scratch.Second[r] + norm2 - error)) * (1 - Headroom);
        }
        return count;
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Math.Sqrt(SpanMath.SquaredDistance(a, b));

    /// <summary>Per-thread buffers for one block's searched points.</summary>
    private sealed class Scratch(int d)
    {
        public float[] Panels { get; } = new float[PointPanels.BlockPoints * d];
        public int[] Points { get; } = new int[PointPanels.BlockPoints];
        public int[] Pending { get; } = new int[PointPanels.BlockPoints];
        public int[] Labels { get; } = new int[PointPanels.BlockPoints];
        public float[] Best { get; } = new float[PointPanels.BlockPoints];
        public float[] Second { get; } = new float[PointPanels.BlockPoints];
    }
}
