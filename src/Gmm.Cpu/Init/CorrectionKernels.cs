using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The naive float64 loop of <see cref="CandidateScreen{TV, TP}"/>'s undecided pairs: ‖x − c‖² = Σ_j (x_j − c_j)² over
/// the panel values widened exactly to double, features in order, multiply then add (no fused multiply-add), every
/// value bit for bit the scalar loop's whatever the register holds. Two forms: a register of a panel's consecutive
/// points (<see cref="PanelDistances"/>, for lanes that are mostly undecided together) and a register of points gathered
/// from anywhere in the panels against one candidate (<see cref="GatheredDistances"/>, for undecided points alone among
/// settled ones, which would otherwise each cost a register of mostly settled lanes).
/// </summary>
internal static class CorrectionKernels<TV, TP>
    where TV : struct, ISimd<TV, TP>
    where TP : unmanaged, IFloatingPointIeee754<TP>
{
    /// <summary>Points per pass of <see cref="GatheredDistances"/> (two registers of four doubles).</summary>
    public const int GatherGroup = 8;

    /// <summary>Whether <see cref="GatheredDistances"/> runs here: float32 panels and AVX2's gathers.</summary>
    public static bool GatherSupported => typeof(TP) == typeof(float) && Avx2.IsSupported;

    /// <summary>Where point i's feature 0 lies in panels of W = TV.Count points and <paramref name="d"/> features (feature j is j·W further).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Offset(int i, int d) => i / TV.Count * d * TV.Count + i % TV.Count;

    /// <summary>
    /// The lanes of <paramref name="mask"/> (bit l: lane l of a panel) whose group of Vector&lt;double&gt;.Count lanes (the
    /// register <see cref="PanelDistances"/> computes them in) holds at least <paramref name="dense"/> of its bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint DenseGroups(uint mask, int dense)
    {
        int vd = Vector<double>.Count;
        uint group = (1u << vd) - 1, kept = 0;
        for (int q = 0; q < TV.Count; q += vd)
        {
            uint bits = mask & (group << q);
            if (BitOperations.PopCount(bits) >= dense) kept |= bits;
        }
        return kept;
    }

    /// <summary>
    /// lanes[l] = the naive float64 ‖x − c‖² of the W points of the panel at <paramref name="at"/> (the offset of its
    /// point 0) and candidate row <paramref name="slot"/> of <paramref name="rows"/> (d values each), for the lanes of
    /// <paramref name="mask"/> at least (others may be left as they were): Vector&lt;double&gt; lanes each taking the
    /// features in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PanelDistances(TP[] panels, int at, int d, TP[] rows, int slot, uint mask, double[] lanes)
    {
        int w = TV.Count, vd = Vector<double>.Count, vf = Vector<float>.Count;
        ref TP x = ref panels[at];
        ref TP c = ref rows[slot * d];
        if (typeof(TP) == typeof(float) && w % vf == 0 && vf == 2 * vd)
        {
            ref float xf = ref Unsafe.As<TP, float>(ref x);
            uint halfMask = (1u << vd) - 1;
            for (int q = 0; q < w; q += vf)
            {
                // Only the halves (of vd lanes) that hold an undecided point are computed.
                bool low = ((mask >> q) & halfMask) != 0, high = ((mask >> (q + vd)) & halfMask) != 0;
                if (low && high) WidenedBoth(ref xf, ref c, d, q, lanes);
                else if (low || high) WidenedHalf(ref xf, ref c, d, q, high, lanes);
            }
        }
        else if (typeof(TP) == typeof(double) && w % vd == 0)
        {
            ref double xd = ref Unsafe.As<TP, double>(ref x);
            for (int q = 0; q < w; q += vd)
            {
                var sum = Vector<double>.Zero;
                for (int j = 0; j < d; j++)
                {
                    var e = Vector.LoadUnsafe(ref xd, (nuint)(j * w + q)) - new Vector<double>(double.CreateTruncating(Unsafe.Add(ref c, j)));
                    sum += e * e;
                }
                sum.StoreUnsafe(ref lanes[q]);
            }
        }
        else
        {
            for (int l = 0; l < w; l++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++)
                {
                    double e = double.CreateTruncating(Unsafe.Add(ref x, j * w + l)) - double.CreateTruncating(Unsafe.Add(ref c, j));
                    sum += e * e;
                }
                lanes[l] = sum;
            }
        }
    }

    /// <summary>
    /// values[q] = the naive float64 ‖x_points[q] − c‖² for candidate row <paramref name="slot"/> (requires
    /// <see cref="GatherSupported"/>): <see cref="GatherGroup"/> points per register pair, each feature gathered from the
    /// panels (one AVX2 gather of eight floats), widened exactly and taken in order; two groups at a time where there
    /// are, so that four independent sums (not two) hide the additions' latency and both groups' gathers are in flight
    /// together (the lanes' operations are the same). values has room for the last group's padding (points.Length
    /// rounded up to a whole group).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void GatheredDistances(TP[] panels, int d, ReadOnlySpan<int> points, TP[] rows, int slot, double[] values)
    {
        if (!GatherSupported) throw new PlatformNotSupportedException("Gathered distances need float32 panels and AVX2.");
        if (values.Length < (points.Length + GatherGroup - 1) / GatherGroup * GatherGroup)
            throw new ArgumentException("Too few values for whole groups of points.", nameof(values));
        if (slot < 0 || (long)(slot + 1) * d > rows.Length)
            throw new ArgumentOutOfRangeException(nameof(slot), slot, "The candidate row lies outside rows.");
        int w = TV.Count, n = points.Length;
        var index = stackalloc int[2 * GatherGroup];
        fixed (TP* panelStart = panels, rowStart = rows)
        fixed (double* valueStart = values)
        {
            float* x = (float*)panelStart, c = (float*)rowStart + slot * d;
            for (int g = 0; g < n; g += 2 * GatherGroup)
            {
                GroupOffsets(panels.Length, d, points, g, index);
                var first = Vector256.Load(index);
                Vector256<double> low = Vector256<double>.Zero, high = Vector256<double>.Zero;
                if (g + GatherGroup < n)
                {
                    GroupOffsets(panels.Length, d, points, g + GatherGroup, index + GatherGroup);
                    var second = Vector256.Load(index + GatherGroup);
                    Vector256<double> low2 = Vector256<double>.Zero, high2 = Vector256<double>.Zero;
                    for (int j = 0; j < d; j++)
                    {
                        var feature = Avx2.GatherVector256(x + j * w, first, 4);
                        var feature2 = Avx2.GatherVector256(x + j * w, second, 4);
                        var cj = Vector256.Create((double)c[j]);
                        var e = Avx.ConvertToVector256Double(feature.GetLower()) - cj;
                        low += e * e;
                        e = Avx.ConvertToVector256Double(feature.GetUpper()) - cj;
                        high += e * e;
                        e = Avx.ConvertToVector256Double(feature2.GetLower()) - cj;
                        low2 += e * e;
                        e = Avx.ConvertToVector256Double(feature2.GetUpper()) - cj;
                        high2 += e * e;
                    }
                    low2.Store(valueStart + g + GatherGroup);
                    high2.Store(valueStart + g + GatherGroup + 4);
                }
                else
                {
                    for (int j = 0; j < d; j++)
                    {
                        var feature = Avx2.GatherVector256(x + j * w, first, 4);
                        var cj = Vector256.Create((double)c[j]);
                        var e = Avx.ConvertToVector256Double(feature.GetLower()) - cj;
                        low += e * e;
                        e = Avx.ConvertToVector256Double(feature.GetUpper()) - cj;
                        high += e * e;
                    }
                }
                low.Store(valueStart + g);
                high.Store(valueStart + g + 4);
            }
        }
    }

    /// <summary>
    /// The panel offsets of the <see cref="GatherGroup"/> points from <paramref name="g"/> on into <paramref name="index"/>;
    /// a group short of points repeats its last point (those lanes' values are not read). The gathers read through raw
    /// pointers: a point outside the panels (<paramref name="length"/> values) must fail here, not read elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void GroupOffsets(int length, int d, ReadOnlySpan<int> points, int g, int* index)
    {
        int last = Math.Min(points.Length, g + GatherGroup) - 1;
        for (int l = 0; l < GatherGroup; l++)
        {
            int point = points[Math.Min(g + l, last)], offset = Offset(point, d);
            if (point < 0 || offset < 0 || (long)offset + (long)(d - 1) * TV.Count >= length)
                throw new ArgumentOutOfRangeException(nameof(points), point, "A point lies outside the panels.");
            index[l] = offset;
        }
    }

    /// <summary>lanes[q ..] = naive distances of the 2·Vector&lt;double&gt;.Count float lanes from q of a panel (see <see cref="PanelDistances"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WidenedBoth(ref float x, ref TP c, int d, int q, double[] lanes)
    {
        int w = TV.Count;
        Vector<double> low = Vector<double>.Zero, high = Vector<double>.Zero;
        for (int j = 0; j < d; j++)
        {
            Vector.Widen(Vector.LoadUnsafe(ref x, (nuint)(j * w + q)), out var a, out var b);
            var cj = new Vector<double>(double.CreateTruncating(Unsafe.Add(ref c, j)));
            var e = a - cj;
            low += e * e;
            e = b - cj;
            high += e * e;
        }
        low.StoreUnsafe(ref lanes[q]);
        high.StoreUnsafe(ref lanes[q + Vector<double>.Count]);
    }

    /// <summary>As <see cref="WidenedBoth"/> for one half: the upper Vector&lt;double&gt;.Count lanes when <paramref name="upper"/>, else the lower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WidenedHalf(ref float x, ref TP c, int d, int q, bool upper, double[] lanes)
    {
        int w = TV.Count;
        var sum = Vector<double>.Zero;
        if (upper)
        {
            for (int j = 0; j < d; j++)
            {
                var e = Vector.WidenUpper(Vector.LoadUnsafe(ref x, (nuint)(j * w + q))) - new Vector<double>(double.CreateTruncating(Unsafe.Add(ref c, j)));
                sum += e * e;
            }
        }
        else
        {
            for (int j = 0; j < d; j++)
            {
                var e = Vector.WidenLower(Vector.LoadUnsafe(ref x, (nuint)(j * w + q))) - new Vector<double>(double.CreateTruncating(Unsafe.Add(ref c, j)));
                sum += e * e;
            }
        }
        sum.StoreUnsafe(ref lanes[upper ? q + Vector<double>.Count : q]);
    }
}
