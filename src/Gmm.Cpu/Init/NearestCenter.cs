using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// Nearest-centre search for k-means in GEMM form: argmin_c ‖c‖² − 2 x·c, in float32 about an origin near the data
/// (so the expansion does not cancel badly); each score starts at ‖c‖² and takes one FMA per feature in order. It vectorises across points: the points come as <see cref="PointPanels"/>
/// (one vector holds one feature of W points) and each centre's value is broadcast, two panels × four centres
/// making eight independent FMA chains. Every lane keeps its own running minimum and index, so there is no
/// horizontal reduction; centres are visited in increasing index with a strict &lt;, so ties go to the lowest
/// index, as numpy's argmin. Immutable; thread-safe.
/// <para>
/// Public for the k-means device hook (<see cref="IKMeansDevice{T}"/>): a device search must give exactly this
/// search's labels, so it computes the same float32 scores from <see cref="CopyInputs"/> and leaves the points it cannot
/// be sure about to <see cref="ResolveUncertain{TRow}"/>.
/// </para>
/// </summary>
public sealed class NearestCenter
{
    /// <summary>Centres per group (one FMA chain each per panel).</summary>
    private const int Group = 4;

    /// <summary>−2 (c − origin) in groups of four centres: feature j of centre 4g + q at (g·d + j)·4 + q.</summary>
    private readonly float[] _minusTwoCenters;

    /// <summary>‖c − origin‖² per centre; float.MaxValue for the padding centres of the last group, never nearest.</summary>
    private readonly float[] _norms;

    private readonly int _k, _d, _groups;

    /// <summary>Prepares a search over k centres about an origin near the data.</summary>
    /// <param name="centers">The centres (k×d, row-major).</param>
    /// <param name="k">Number of centres (≥ 1).</param>
    /// <param name="d">Dimension (≥ 1).</param>
    /// <param name="origin">The point (d) scores are taken about; copied.</param>
    /// <exception cref="ArgumentException">Spans of the wrong length, or k or d below 1.</exception>
    public NearestCenter(ReadOnlySpan<double> centers, int k, int d, ReadOnlySpan<double> origin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
        if (centers.Length != k * d) throw new ArgumentException($"centers must hold k×d = {k}×{d} values; got {centers.Length}.", nameof(centers));
        if (origin.Length != d) throw new ArgumentException($"origin must hold d = {d} values; got {origin.Length}.", nameof(origin));
        _k = k;
        _d = d;
        OriginArray = origin.ToArray();
        _groups = (k + Group - 1) / Group;
        _minusTwoCenters = new float[_groups * d * Group];
        _norms = new float[_groups * Group];
        Array.Fill(_norms, float.MaxValue);
        double largest = 0;
        for (int c = 0; c < k; c++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++)
            {
                double shifted = centers[c * d + j] - origin[j];
                norm += shifted * shifted;
                _minusTwoCenters[(c / Group * d + j) * Group + c % Group] = (float)(-2 * shifted);
            }
            _norms[c] = (float)norm;
            largest = Math.Max(largest, norm);
        }
        Radius = Math.Sqrt(largest);
    }

    /// <summary>Number of centres k.</summary>
    public int Count => _k;

    /// <summary>Dimension d.</summary>
    public int Dimension => _d;

    /// <summary>max over the centres of ‖c − origin‖ (float64).</summary>
    public double Radius { get; }

    /// <summary>
    /// The search's float32 inputs for a device kernel: <paramref name="minusTwoCenters"/>[j·kp + c] = −2(c − origin)_j
    /// and <paramref name="norms"/>[c] = ‖c − origin‖², both exactly as this search uses them; padding centres
    /// (k ≤ c &lt; kp) get zeros.
    /// </summary>
    public void CopyInputs(Span<float> minusTwoCenters, int kp, Span<float> norms)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kp, _k);
        if (minusTwoCenters.Length < _d * kp) throw new ArgumentException($"Needs d·kp = {_d * kp} values; got {minusTwoCenters.Length}.", nameof(minusTwoCenters));
        if (norms.Length < kp) throw new ArgumentException($"Needs kp = {kp} values; got {norms.Length}.", nameof(norms));
        minusTwoCenters[..(_d * kp)].Clear();
        norms[..kp].Clear();
        for (int c = 0; c < _k; c++)
        {
            norms[c] = _norms[c];
            for (int j = 0; j < _d; j++) minusTwoCenters[j * kp + c] = _minusTwoCenters[(c / Group * _d + j) * Group + c % Group];
        }
    }

    /// <summary>
    /// Replaces every label −1 in <paramref name="labels"/> by this search's label of that row of <paramref name="rows"/>
    /// (row-major, raw values: taken about <see cref="Origin"/> here); returns how many it replaced. For a device search
    /// that leaves the points it cannot be sure about to the host.
    /// </summary>
    public int ResolveUncertain<TRow>(ReadOnlySpan<TRow> rows, Span<int> labels) where TRow : unmanaged, IFloatingPointIeee754<TRow>
    {
        const int batch = PointPanels.BlockPoints;
        int d = _d, resolved = 0, count = 0;
        if (!labels.Contains(-1)) return 0;
        var gathered = new TRow[batch * d];
        var panels = new float[batch * d];
        int[] indices = new int[batch], batchLabels = new int[batch];
        for (int i = 0; i <= labels.Length; i++)
        {
            if (i < labels.Length && labels[i] != -1) continue;
            if (i < labels.Length)
            {
                rows.Slice(i * d, d).CopyTo(gathered.AsSpan(count * d, d));
                indices[count++] = i;
            }
            if (count == batch || (i == labels.Length && count > 0))
            {
                PointPanels.Fill<TRow>(gathered.AsSpan(0, count * d), d, OriginArray, panels);
                Assign(panels, batchLabels.AsSpan(0, count));
                for (int r = 0; r < count; r++) labels[indices[r]] = batchLabels[r];
                resolved += count;
                count = 0;
            }
        }
        return resolved;
    }

    /// <summary>The origin (d) the points are taken about: scores are ‖c − origin‖² − 2 (x − origin)·(c − origin).</summary>
    public ReadOnlySpan<double> Origin => OriginArray;

    internal double[] OriginArray { get; }

    /// <summary>
    /// k-means initialisation's labelling pass over <paramref name="data"/>: the statistics about <see cref="Origin"/>
    /// of every point given responsibility 1 at its nearest centre and 0 elsewhere, exactly as a fit computes them
    /// from this search. A source whose points stay where they are calls it there, shard by shard
    /// (<see cref="IResidentDataSource{T}.AccumulateNearestCenters"/>).
    /// </summary>
    /// <param name="data">The points (n×d, d = <see cref="Dimension"/>).</param>
    /// <param name="type">The covariance type the statistics are shaped for.</param>
    /// <exception cref="ArgumentException">Data of another dimension, or an undefined covariance type.</exception>
    public SufficientStatistics AssignedStatistics<T>(IDataSource<T> data, CovarianceType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dimension != _d) throw new ArgumentException($"data has {data.Dimension} features but the centres have {_d}.", nameof(data));
        _ = CovarianceDefinition.For(type); // rejects an undefined type, naming it
        return OneHotStatistics.Accumulate(data, this, _k, type, OriginArray);
    }

    /// <summary>
    /// labels[i] = the centre nearest point i of <paramref name="panels"/>, for i &lt; labels.Length. The panels must
    /// cover the labels in whole pairs of panels (a block of <see cref="PointPanels.BlockPoints"/> points always does).
    /// </summary>
    internal void Assign(ReadOnlySpan<float> panels, Span<int> labels) => Run<LabelsOnly>(panels, labels, default, default);

    /// <summary>
    /// As <see cref="Assign(ReadOnlySpan{float}, Span{int})"/>, and also each point's smallest and second smallest
    /// score ‖c‖² − 2 x·c (float32, as computed; the second is float.MaxValue when k = 1).
    /// </summary>
    internal void Assign(ReadOnlySpan<float> panels, Span<int> labels, Span<float> best, Span<float> second) =>
        Run<WithScores>(panels, labels, best, second);

    /// <summary>The kernel; <typeparamref name="TMode"/> (a marker the JIT specialises on) says whether scores are kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run<TMode>(ReadOnlySpan<float> panels, Span<int> labels, Span<float> bestScores, Span<float> secondScores)
        where TMode : struct
    {
        int w = Vector<float>.Count, d = _d, groups = _groups;
        int pairs = (labels.Length + 2 * w - 1) / (2 * w);
        if (panels.Length < pairs * 2 * w * d) throw new ArgumentException("The panels do not cover the labels in whole pairs.", nameof(panels));
        var x = MemoryMarshal.Cast<float, Vector<float>>(panels);
        ref float centers = ref MemoryMarshal.GetArrayDataReference(_minusTwoCenters);
        ref float norms = ref MemoryMarshal.GetArrayDataReference(_norms);
        for (int pair = 0; pair < pairs; pair++)
        {
            ref Vector<float> x0 = ref Unsafe.AsRef(in x[2 * pair * d]);
            ref Vector<float> x1 = ref Unsafe.Add(ref x0, d);
            var best0 = new Vector<float>(float.PositiveInfinity);
            Vector<float> best1 = best0, second0 = best0, second1 = best0;
            Vector<int> index0 = Vector<int>.Zero, index1 = Vector<int>.Zero;
            for (int g = 0; g < groups; g++)
            {
                int first = g * Group;
                ref float n = ref Unsafe.Add(ref norms, first);
                Vector<float> a0 = new(n), a1 = new(Unsafe.Add(ref n, 1)), a2 = new(Unsafe.Add(ref n, 2)), a3 = new(Unsafe.Add(ref n, 3));
                Vector<float> b0 = a0, b1 = a1, b2 = a2, b3 = a3;
                ref float c = ref Unsafe.Add(ref centers, g * d * Group);
                for (int j = 0; j < d; j++)
                {
                    var p = Unsafe.Add(ref x0, j);
                    var q = Unsafe.Add(ref x1, j);
                    ref float cj = ref Unsafe.Add(ref c, j * Group);
                    var c0 = new Vector<float>(cj);
                    a0 = Vector.FusedMultiplyAdd(p, c0, a0);
                    b0 = Vector.FusedMultiplyAdd(q, c0, b0);
                    var c1 = new Vector<float>(Unsafe.Add(ref cj, 1));
                    a1 = Vector.FusedMultiplyAdd(p, c1, a1);
                    b1 = Vector.FusedMultiplyAdd(q, c1, b1);
                    var c2 = new Vector<float>(Unsafe.Add(ref cj, 2));
                    a2 = Vector.FusedMultiplyAdd(p, c2, a2);
                    b2 = Vector.FusedMultiplyAdd(q, c2, b2);
                    var c3 = new Vector<float>(Unsafe.Add(ref cj, 3));
                    a3 = Vector.FusedMultiplyAdd(p, c3, a3);
                    b3 = Vector.FusedMultiplyAdd(q, c3, b3);
                }
                Keep<TMode>(a0, first, ref best0, ref second0, ref index0);
                Keep<TMode>(b0, first, ref best1, ref second1, ref index1);
                Keep<TMode>(a1, first + 1, ref best0, ref second0, ref index0);
                Keep<TMode>(b1, first + 1, ref best1, ref second1, ref index1);
                Keep<TMode>(a2, first + 2, ref best0, ref second0, ref index0);
                Keep<TMode>(b2, first + 2, ref best1, ref second1, ref index1);
                Keep<TMode>(a3, first + 3, ref best0, ref second0, ref index0);
                Keep<TMode>(b3, first + 3, ref best1, ref second1, ref index1);
            }
            Store<TMode>(labels, bestScores, secondScores, 2 * pair * w, index0, best0, second0);
            Store<TMode>(labels, bestScores, secondScores, (2 * pair + 1) * w, index1, best1, second1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep<TMode>(Vector<float> score, int center, ref Vector<float> best, ref Vector<float> second, ref Vector<int> index)
        where TMode : struct
    {
        var better = Vector.LessThan(score, best);
        if (typeof(TMode) == typeof(WithScores)) second = Vector.ConditionalSelect(better, best, Vector.Min(second, score));
        best = Vector.ConditionalSelect(better, score, best);
        index = Vector.ConditionalSelect(better, new Vector<int>(center), index);
    }

    private void Store<TMode>(Span<int> labels, Span<float> bestScores, Span<float> secondScores, int start,
        Vector<int> index, Vector<float> best, Vector<float> second) where TMode : struct
    {
        int end = Math.Min(labels.Length, start + Vector<int>.Count);
        for (int i = start; i < end; i++)
        {
            labels[i] = Math.Min(index[i - start], _k - 1); // a padding centre (only with NaN data) → a real one
            if (typeof(TMode) == typeof(WithScores))
            {
                bestScores[i] = best[i - start];
                secondScores[i] = second[i - start];
            }
        }
    }

    /// <summary>Marker: labels only.</summary>
    private struct LabelsOnly;

    /// <summary>Marker: labels and the best and second-best scores.</summary>
    private struct WithScores;
}
