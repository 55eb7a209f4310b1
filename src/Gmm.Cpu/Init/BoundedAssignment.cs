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
/// ((d + 2)·2⁻²⁴·(‖x‖ + max‖c‖)², about the origin, taken twice over). Bounds are true distances in float64 (from the
/// kernel's scores widened by E, or measured directly). Work is split into fixed blocks, and a point's result depends
/// only on its own bounds, so nothing depends on the thread count.
/// </para>
/// </summary>
internal sealed class BoundedAssignment : ICenterAssignment
{
    /// <summary>Relative headroom on bounds measured in float64 (far above float64 rounding, far below the float32 margin E).</summary>
    private const double Headroom = 1e-12;

    private readonly DataSample _sample;
    private readonly PointPanels _panels;
    private readonly double[] _origin;
    private readonly int _k;
    private readonly double[] _pointNorms;
    private readonly double[] _upper;
    private readonly double[] _lower;
    private double[]? _previous;

    /// <summary>Prepares the assignment of the sample's points (<paramref name="panels"/> about <paramref name="origin"/>) to k centres.</summary>
    public BoundedAssignment(DataSample sample, PointPanels panels, double[] origin, int k)
    {
        _sample = sample;
        _panels = panels;
        _origin = origin;
        _k = k;
        int m = sample.Count;
        Labels = new int[m];
        _upper = new double[m];
        _lower = new double[m];
        _pointNorms = new double[m];
        Parallel.For(0, panels.BlockCount, b => PointNorms(b));
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
            Parallel.For(0, k, c =>
            {
                double nearest = double.PositiveInfinity;
                var own = centers.AsSpan(c * d, d);
                for (int o = 0; o < k; o++)
                    if (o != c) nearest = Math.Min(nearest, SpanMath.SquaredDistance(own, centers.AsSpan(o * d, d)));
                separation[c] = Math.Sqrt(nearest) * (1 - Headroom);
            });
        }
        // The largest drift, and the largest among the other centres for a point of the centre that drifted most.
        int fastest = 0;
        for (int c = 1; c < k; c++) if (drift[c] > drift[fastest]) fastest = c;
        double runnerUp = 0;
        for (int c = 0; c < k; c++) if (c != fastest) runnerUp = Math.Max(runnerUp, drift[c]);
        // E per point is errorScale·(‖x‖ + max‖c‖)²: twice the kernel's error bound (d + 2)·u·(‖x‖ + ‖c‖)², u = 2⁻²⁴.
        double errorScale = (d + 2) * Math.ScaleB(1.0, -23);
        bool fresh = _previous is null;
        var searched = new int[_panels.BlockCount];
        Parallel.For(0, _panels.BlockCount, () => new Scratch(d), (b, _, scratch) =>
        {
            searched[b] = SettleBlock(b, centers, search, drift, separation, fastest, drift[fastest], runnerUp, radius, errorScale, fresh, scratch);
            return scratch;
        }, _ => { });
        Searched = searched.Sum();
        _previous = (double[])centers.Clone();
    }

    /// <summary>Nothing to release: the bounds are managed arrays.</summary>
    public void Dispose()
    {
    }

    /// <summary>‖x − origin‖ (float64) of block b's points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PointNorms(int block)
    {
        int m = _sample.Count, d = _sample.Dimension;
        var values = _sample.Values;
        var origin = _origin;
        int end = Math.Min(m, (block + 1) * PointPanels.BlockPoints);
        for (int i = block * PointPanels.BlockPoints; i < end; i++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++) norm += (values[i * d + j] - origin[j]) * (values[i * d + j] - origin[j]);
            _pointNorms[i] = Math.Sqrt(norm);
        }
    }

    /// <summary>Updates the bounds of block b's points, searches those the bounds do not settle; returns how many it searched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SettleBlock(int block, double[] centers, NearestCenter search, double[] drift, double[] separation, int fastest,
        double largest, double runnerUp, double radius, double errorScale, bool fresh, Scratch scratch)
    {
        int d = _sample.Dimension, w = PointPanels.Width, m = _sample.Count;
        int start = block * PointPanels.BlockPoints, end = Math.Min(m, start + PointPanels.BlockPoints);
        int count = 0;
        for (int i = start; i < end; i++)
        {
            if (!fresh)
            {
                int a = Labels[i];
                double margin = 2 * errorScale * (_pointNorms[i] + radius) * (_pointNorms[i] + radius);
                double upper = _upper[i] + drift[a];
                double lower = Math.Max(0, _lower[i] - (a == fastest ? runnerUp : largest));
                _upper[i] = upper;
                _lower[i] = lower;
                if (Settled(upper, Math.Max(lower, separation[a] - upper), margin)) continue;
                upper = Distance(_sample.Row(i), centers.AsSpan(a * d, d)) * (1 + Headroom);
                _upper[i] = upper;
                if (Settled(upper, Math.Max(lower, separation[a] - upper), margin)) continue;
            }
            // Gather the point's float32 row from its panel into the next lane of the scratch panels.
            int p = i / w, lane = i % w;
            int target = count / w * d * w + count % w;
            for (int j = 0; j < d; j++) scratch.Panels[target + j * w] = _panels.Values[(p * d + j) * w + lane];
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

    /// <summary>Whether the bounds prove the current centre the kernel's choice: u² + 2E &lt; l² (<paramref name="margin"/> = 2E).</summary>
    private static bool Settled(double upper, double lower, double margin) => lower > 0 && upper * upper + margin < lower * lower;

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Math.Sqrt(SpanMath.SquaredDistance(a, b));

    /// <summary>Per-thread buffers for one block's searched points.</summary>
    private sealed class Scratch(int d)
    {
        public float[] Panels { get; } = new float[PointPanels.BlockPoints * d];
        public int[] Points { get; } = new int[PointPanels.BlockPoints];
        public int[] Labels { get; } = new int[PointPanels.BlockPoints];
        public float[] Best { get; } = new float[PointPanels.BlockPoints];
        public float[] Second { get; } = new float[PointPanels.BlockPoints];
    }
}
