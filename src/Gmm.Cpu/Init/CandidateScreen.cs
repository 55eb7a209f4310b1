using System.Numerics;
using System.Runtime.CompilerServices;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The distance work of one k-means++ run: for each candidate of a step, every point's min(D², ‖x − c‖²) bit for bit as
/// the naive float64 loop gives it (Σ_j (x_j − c_j)² over the sample's values, features in order, multiply then add),
/// computing that loop only where it can matter.
/// <para>
/// The sample is held once more in panels of <typeparamref name="TP"/> (float when every sample value is a float32
/// value, so the copy is exact at half the memory; else double): panels of W = TV.Count points, feature-major, point
/// p·W + l, feature j at (p·d + j)·W + l, padded to whole blocks of <see cref="PointPanels.BlockPoints"/> with zero rows.
/// Each step reads it once, two panels × four candidates at a time:
/// </para>
/// <list type="number">
/// <item>Screen: S = Σ_j (x_j − c_j)² in TP (a subtraction and a fused multiply-add per point, candidate and feature;
/// the naive form, so nothing cancels far from the origin). With u = 2⁻²⁴ (float) or 2⁻⁵³ (double), S ≤ D_c²·(1 +
/// γ_{d+2}) + (d + 4)·(TP's smallest normal) for the true squared distance D_c² (exact inputs: the panels hold the
/// sample's values).</item>
/// <item>A pair is settled when S &gt; T = D²·(1 + 2⁻²⁰)·(1 + 4(d + 8)u)·(1 + 4u), rounded to TP (the last factor
/// covers that rounding; infinite beyond TP's range), plus (d + 4)·(smallest normal) (covering underflow). Then D_c² &gt;
/// D²·(1 + 2⁻²⁰), and the naive float64 value, within (d + 2)·2⁻⁵³ of D_c², is ≥ D²: the kept value is D² itself,
/// exactly what the naive loop's min gives. NaN never settles a pair.</item>
/// <item>The unsettled pairs (a few per cent on clustered data) get the naive float64 loop over the same panel values
/// (widened, exactly), while the block is still in the cache: vectorised across the points of their panel where they
/// share a register with other unsettled points, else gathered, several points of one candidate per register
/// (<see cref="CorrectionKernels{TV, TP}"/>; the same values either way).</item>
/// </list>
/// The screen's rounding decides only which pairs get the naive loop, never a kept value. Blocks may run in parallel.
/// </summary>
internal sealed class CandidateScreen<TV, TP>
    where TV : struct, ISimd<TV, TP>
    where TP : unmanaged, IFloatingPointIeee754<TP>
{
    /// <summary>Relative headroom of the threshold over D².</summary>
    private const double Headroom = 1 + 1.0 / (1 << 20);

    private readonly TP[] _panels;
    private readonly int _m, _d;
    private readonly double _growth;
    private readonly int _trials;

    /// <summary>
    /// Lanes of an undecided pair that fewer than this many share with other undecided lanes of their group of
    /// Vector&lt;double&gt;.Count (the naive loop's register) are computed from gathered points instead.
    /// </summary>
    private const int DenseLanes = 2;

    /// <summary>
    /// Each block's corrections of the last step (the points a candidate comes nearer to, and their new distances),
    /// one fixed slice per block and candidate: candidate t's of block b at most BlockPoints from (b·trials +
    /// t)·BlockPoints on, their number in _correctionCounts[b·trials + t]. Nothing grows while the steps run (growing
    /// per-block lists allocated ≈ 15 MB of fresh memory in the first steps of the default fit, where most pairs are
    /// unsettled), and the kept candidate's are applied without reading the others'. Every entry is written before it
    /// is read.
    /// </summary>
    private readonly int[] _correctionPoints, _correctionCounts;
    private readonly double[] _correctionValues;

    /// <summary>
    /// Copies <paramref name="sample"/> into panels of TP (exactly: the caller checks its values are TP values), for
    /// steps of at most <paramref name="trials"/> candidates; <paramref name="gatheredCorrections"/> false keeps every
    /// undecided pair in the panel form of the naive loop (see <see cref="GatheredCorrections"/>).
    /// </summary>
    public CandidateScreen(DataSample sample, int trials, bool gatheredCorrections = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        _trials = trials;
        _m = sample.Count;
        _d = sample.Dimension;
        BlockCount = Math.Max(1, (_m + PointPanels.BlockPoints - 1) / PointPanels.BlockPoints);
        long length = (long)BlockCount * PointPanels.BlockPoints * _d;
        if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(sample), _m, "Too many points for one panel array.");
        _panels = LargeArrays.Zeroed<TP>((int)length); // zero: the padding points
        double unit = typeof(TP) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);
        _growth = Headroom * (1 + 4 * (_d + 8) * unit) * (1 + 4 * unit); // the last factor: T's rounding to nearest TP
        int corrections = checked(BlockCount * PointPanels.BlockPoints * trials);
        _correctionPoints = LargeArrays.Uninitialized<int>(corrections);
        _correctionValues = LargeArrays.Uninitialized<double>(corrections);
        _correctionCounts = new int[BlockCount * trials];
        GatheredCorrections = gatheredCorrections && CorrectionKernels<TV, TP>.GatherSupported;
        Parallel.For(0, BlockCount, b => Fill(sample, b));
    }

    /// <summary>Number of blocks of <see cref="PointPanels.BlockPoints"/> points.</summary>
    public int BlockCount { get; }

    /// <summary>The panel array (<see cref="PaddedCount"/>·d values); a caller done with the screen may reuse it as working memory.</summary>
    public TP[] Panels => _panels;

    /// <summary>
    /// Whether undecided pairs whose point is alone (or nearly) in its group of the naive loop's register get the
    /// naive loop from gathered points, several pairs per register (a candidate's pairs together), instead of a
    /// register of the panel's mostly settled points (where <see cref="CorrectionKernels{TV, TP}.GatherSupported"/>,
    /// unless the constructor was told not to). The values are the same either way.
    /// </summary>
    public bool GatheredCorrections { get; }

    /// <summary>Points padded to whole blocks.</summary>
    public int PaddedCount => BlockCount * PointPanels.BlockPoints;

    /// <summary>
    /// First applies <see cref="Keep"/>(<paramref name="keptSlot"/>, b) (the step before's kept candidate; −1: none), then
    /// for every candidate t: blockPotentials[t][b] = Σ_{i in block b} w_i·min(closest[i], ‖x_i − x_candidate t‖²) (the
    /// naive distances; Vector&lt;double&gt; lanes in index order with fused multiply-adds, then the lanes summed, <see cref="BlockPotentials"/>;
    /// <paramref name="closestPotential"/>, the same sum of closest itself, for a candidate nearer to none of the block's
    /// points); the block's corrections (where a candidate is nearer) are kept for <see cref="Keep"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(int[] candidates, TP[] rows, int block, int keptSlot, double[] closest, double closestPotential, double[] weights, double[][] blockPotentials, Scratch scratch)
    {
        Keep(keptSlot, block, closest); // the step before's kept candidate, before its corrections are overwritten
        int start = block * PointPanels.BlockPoints;
        var thresholds = scratch.Thresholds;
        Thresholds(closest.AsSpan(start, PointPanels.BlockPoints), thresholds);
        if (candidates.Length > _trials) throw new ArgumentException($"At most {_trials} candidates per step; got {candidates.Length}.", nameof(candidates));
        // Candidate t's corrections of this block: BlockPoints entries from (block·trials + t)·BlockPoints.
        int counts = block * _trials;
        var points = _correctionPoints;
        var kept = _correctionValues;
        Array.Clear(_correctionCounts, counts, _trials);
        int items = Screen(candidates, rows, block, thresholds, scratch);
        var lanes = scratch.Lanes;
        var pending = scratch.Pending;
        var pendingCounts = scratch.PendingCounts;
        bool gathered = GatheredCorrections;
        if (gathered) Array.Clear(pendingCounts);
        for (int item = 0; item < items; item++)
        {
            int first = scratch.Firsts[item], slot = scratch.ItemSlots[item];
            uint mask = scratch.Masks[item];
            if (gathered)
            {
                // Lanes alone (or nearly) in their group of Vector<double>.Count go to the candidate's gathered list.
                uint dense = CorrectionKernels<TV, TP>.DenseGroups(mask, DenseLanes);
                for (uint set = mask & ~dense; set != 0; set &= set - 1)
                {
                    int point = first + BitOperations.TrailingZeroCount(set);
                    if (point >= _m) break; // padding lanes, all after the last real point
                    pending[slot * PointPanels.BlockPoints + pendingCounts[slot]++] = point;
                }
                mask = dense;
                if (mask == 0) continue;
            }
            CorrectionKernels<TV, TP>.PanelDistances(_panels, Offset(first), _d, rows, slot, mask, lanes);
            for (uint set = mask; set != 0; set &= set - 1)
            {
                int lane = BitOperations.TrailingZeroCount(set), point = first + lane;
                if (point >= _m) break; // padding lanes, all after the last real point
                if (lanes[lane] >= closest[point]) continue; // no nearer: the kept value is the distance itself
                int at = (counts + slot) * PointPanels.BlockPoints + _correctionCounts[counts + slot]++;
                points[at] = point;
                kept[at] = Math.Min(closest[point], lanes[lane]);
            }
        }
        if (gathered)
        {
            var values = scratch.GatheredValues;
            for (int t = 0; t < candidates.Length; t++)
            {
                int n = pendingCounts[t];
                if (n == 0) continue;
                var list = pending.AsSpan(t * PointPanels.BlockPoints, n);
                CorrectionKernels<TV, TP>.GatheredDistances(_panels, _d, list, rows, t, values);
                for (int q = 0; q < n; q++)
                {
                    int point = list[q];
                    if (values[q] >= closest[point]) continue;
                    int at = (counts + t) * PointPanels.BlockPoints + _correctionCounts[counts + t]++;
                    points[at] = point;
                    kept[at] = Math.Min(closest[point], values[q]);
                }
            }
        }

        // Each candidate with corrections in the block sums its own copy of the block's distances with its corrections
        // written in, up to four copies per pass; a candidate with none leaves the block's sum that of the distances themselves.
        var copies = scratch.CandidateDistances;
        var slots = scratch.ActiveSlots;
        int active = 0;
        for (int t = 0; t < candidates.Length; t++)
        {
            int first = (counts + t) * PointPanels.BlockPoints, end = first + _correctionCounts[counts + t];
            if (first == end) { blockPotentials[t][block] = closestPotential; continue; }
            var buffer = copies[active];
            closest.AsSpan(start, PointPanels.BlockPoints).CopyTo(buffer);
            for (int p = first; p < end; p++) buffer[points[p] - start] = kept[p];
            slots[active++] = t;
        }
        var sums = scratch.Sums;
        BlockPotentials.Several(copies, active, weights.AsSpan(start, PointPanels.BlockPoints), sums);
        for (int a = 0; a < active; a++) blockPotentials[slots[a]][block] = sums[a];
    }

    /// <summary>thresholds[l] = distances[l]·growth rounded to TP (float32 two registers of doubles at a time: the same rounding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Thresholds(ReadOnlySpan<double> distances, TP[] thresholds)
    {
        int l = 0, vd = Vector<double>.Count;
        if (typeof(TP) == typeof(float))
        {
            var target = System.Runtime.InteropServices.MemoryMarshal.Cast<TP, float>(thresholds.AsSpan());
            var growth = new Vector<double>(_growth);
            for (; l + 2 * vd <= distances.Length; l += 2 * vd)
                Vector.Narrow(new Vector<double>(distances[l..]) * growth, new Vector<double>(distances[(l + vd)..]) * growth).CopyTo(target[l..]);
        }
        for (; l < distances.Length; l++) thresholds[l] = TP.CreateTruncating(distances[l] * _growth);
    }

    /// <summary>
    /// Applies candidate <paramref name="slot"/>'s corrections of the last <see cref="Evaluate"/> of block b to
    /// <paramref name="closest"/> (nothing for −1). Applying them again changes nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called from Evaluate and the draws: optimised from the warm-up on
    public void Keep(int slot, int block, double[] closest)
    {
        if (slot < 0) return;
        int first = (block * _trials + slot) * PointPanels.BlockPoints, end = first + _correctionCounts[block * _trials + slot];
        for (int p = first; p < end; p++) closest[_correctionPoints[p]] = _correctionValues[p];
    }

    /// <summary>Candidate rows for <see cref="Evaluate"/> (d values each), padded to whole groups of four by repeating the last.</summary>
    public TP[] Rows(int[] candidates)
    {
        int d = _d, slots = (candidates.Length + 3) / 4 * 4;
        var rows = new TP[slots * d];
        for (int s = 0; s < slots; s++)
        {
            int at = Offset(candidates[Math.Min(s, candidates.Length - 1)]);
            for (int j = 0; j < d; j++) rows[s * d + j] = _panels[at + j * TV.Count];
        }
        return rows;
    }

    /// <summary>
    /// target[i] = ‖x_i − x_point‖² (the naive value) for block b's points; the block's padding points get 0.
    /// <paramref name="row"/> is <see cref="Rows"/> of the point; <paramref name="lanes"/> holds W values.
    /// </summary>
    public void DistancesToPoint(int block, TP[] row, double[] target, double[] lanes)
    {
        int start = block * PointPanels.BlockPoints, w = TV.Count;
        for (int first = start; first < start + PointPanels.BlockPoints; first += w)
        {
            CorrectionKernels<TV, TP>.PanelDistances(_panels, Offset(first), _d, row, 0, uint.MaxValue, lanes);
            for (int l = 0; l < w; l++) target[first + l] = first + l < _m ? lanes[l] : 0;
        }
    }

    /// <summary>Where point i's feature 0 lies in the panels (feature j is j·W further).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Offset(int i) => CorrectionKernels<TV, TP>.Offset(i, _d);

    /// <summary>
    /// Screens block b's points against every candidate, two panels × four candidates at a time; records each (panel,
    /// candidate) with a pair it cannot settle in the scratch items; returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Screen(int[] candidates, TP[] rows, int block, TP[] thresholds, Scratch scratch)
    {
        int items = 0;
        int w = TV.Count, d = _d, start = block * PointPanels.BlockPoints, count = candidates.Length;
        var floor = TV.Create(TP.CreateTruncating(d + 4) * (typeof(TP) == typeof(float) ? TP.CreateTruncating(MathF.ScaleB(1f, -126)) : TP.CreateTruncating(Math.ScaleB(1.0, -1022))));
        var bits = LaneBits();
        ref TP x = ref _panels[start * d];
        ref TP limits = ref thresholds[0];
        for (int p = 0; p < PointPanels.BlockPoints; p += 2 * w)
        {
            ref TP x0 = ref Unsafe.Add(ref x, p * d);
            int first = start + p;
            TV t0 = TV.Load(ref limits, (nuint)p) + floor, t1 = TV.Load(ref limits, (nuint)(p + w)) + floor;
            for (int g = 0; g < count; g += 4)
            {
                int real = Math.Min(4, count - g);
                if (real <= 2)
                {
                    // A last pair (or single) of candidates: two slots, not four.
                    PanelKernels<TV, TP>.TwoByTwo(ref x0, ref rows[g * d], d, out var p0, out var p1, out var q0, out var q1);
                    p0 = TV.ZeroWhereLess(bits, t0, p0);
                    q0 = TV.ZeroWhereLess(bits, t1, q0);
                    p1 = TV.ZeroWhereLess(bits, t0, p1);
                    q1 = TV.ZeroWhereLess(bits, t1, q1);
                    if (TV.MaxAcross(TV.Max(TV.Max(p0, q0), TV.Max(p1, q1))) == TP.Zero) continue;
                    items = Append(TV.Sum(p0), first, g, scratch, items);
                    items = Append(TV.Sum(q0), first + w, g, scratch, items);
                    if (real > 1) { items = Append(TV.Sum(p1), first, g + 1, scratch, items); items = Append(TV.Sum(q1), first + w, g + 1, scratch, items); }
                    continue;
                }
                PanelKernels<TV, TP>.FourByTwo(ref x0, ref rows[g * d], d, out var a0, out var a1, out var a2, out var a3, out var b0, out var b1, out var b2, out var b3);
                // bits where T ≥ S (or NaN): undecided; 0 where T < S: settled.
                a0 = TV.ZeroWhereLess(bits, t0, a0);
                b0 = TV.ZeroWhereLess(bits, t1, b0);
                a1 = TV.ZeroWhereLess(bits, t0, a1);
                b1 = TV.ZeroWhereLess(bits, t1, b1);
                a2 = TV.ZeroWhereLess(bits, t0, a2);
                b2 = TV.ZeroWhereLess(bits, t1, b2);
                a3 = TV.ZeroWhereLess(bits, t0, a3);
                b3 = TV.ZeroWhereLess(bits, t1, b3);
                if (TV.MaxAcross(TV.Max(TV.Max(TV.Max(a0, b0), TV.Max(a1, b1)), TV.Max(TV.Max(a2, b2), TV.Max(a3, b3)))) == TP.Zero) continue;
                items = Append(TV.Sum(a0), first, g, scratch, items);
                items = Append(TV.Sum(b0), first + w, g, scratch, items);
                items = Append(TV.Sum(a1), first, g + 1, scratch, items);
                items = Append(TV.Sum(b1), first + w, g + 1, scratch, items);
                items = Append(TV.Sum(a2), first, g + 2, scratch, items);
                items = Append(TV.Sum(b2), first + w, g + 2, scratch, items);
                if (real > 3) { items = Append(TV.Sum(a3), first, g + 3, scratch, items); items = Append(TV.Sum(b3), first + w, g + 3, scratch, items); }
            }
        }
        return items;
    }

    /// <summary>2^lane in every lane.</summary>
    private static TV LaneBits()
    {
        Span<TP> bits = stackalloc TP[TV.Count];
        for (int l = 0; l < bits.Length; l++) bits[l] = TP.CreateTruncating(1 << l);
        return TV.Load(ref bits[0], 0);
    }

    /// <summary>Records panel <paramref name="first"/> × candidate <paramref name="slot"/> when <paramref name="bits"/> (Σ 2^lane over its undecided lanes, exact) is not 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append(TP bits, int first, int slot, Scratch scratch, int items)
    {
        if (bits == TP.Zero) return items;
        scratch.Firsts[items] = first;
        scratch.ItemSlots[items] = slot;
        scratch.Masks[items] = uint.CreateTruncating(bits);
        return items + 1;
    }

    /// <summary>Writes block b's points into the panels (the padding rows stay zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill(DataSample sample, int block)
    {
        int d = _d, w = TV.Count;
        var source = sample.Values;
        int end = Math.Min(_m, (block + 1) * PointPanels.BlockPoints);
        for (int i = block * PointPanels.BlockPoints; i < end; i++)
        {
            int at = Offset(i);
            for (int j = 0; j < d; j++) _panels[at + j * w] = TP.CreateTruncating(source[i * d + j]);
        }
    }

    /// <summary>
    /// Per-thread buffers: one block's thresholds T, the block's distances copied per candidate (and the candidates and
    /// sums of <see cref="BlockPotentials.Several"/>), the screen's
    /// undecided (panel, candidate) items and the gathered loop's points and values.
    /// </summary>
    public sealed class Scratch(int trials)
    {
        internal TP[] Thresholds { get; } = new TP[PointPanels.BlockPoints];

        internal double[][] CandidateDistances { get; } = [.. Enumerable.Range(0, trials).Select(_ => new double[PointPanels.BlockPoints])];

        internal int[] ActiveSlots { get; } = new int[trials];

        internal double[] Sums { get; } = new double[trials];

        internal double[] Lanes { get; } = new double[TV.Count];

        internal int[] Firsts { get; } = new int[PointPanels.BlockPoints / TV.Count * trials];

        internal int[] ItemSlots { get; } = new int[PointPanels.BlockPoints / TV.Count * trials];

        internal uint[] Masks { get; } = new uint[PointPanels.BlockPoints / TV.Count * trials];

        /// <summary>Per candidate t, from t·BlockPoints: the points whose pair goes to the gathered naive loop.</summary>
        internal int[] Pending { get; } = new int[PointPanels.BlockPoints * trials];

        internal int[] PendingCounts { get; } = new int[trials];

        /// <summary>The gathered naive loop's values (one candidate's, whole groups of its register).</summary>
        internal double[] GatheredValues { get; } = new double[PointPanels.BlockPoints + CorrectionKernels<TV, TP>.GatherGroup];
    }
}
