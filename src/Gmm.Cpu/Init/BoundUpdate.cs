using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gmm;

/// <summary>
/// The per-iteration step of Hamerly's bounds (<see cref="BoundedAssignment"/>) over a range of points: each point's
/// upper bound grows by its centre's drift, its lower bound shrinks by the largest drift among the other centres
/// (floored at 0), and the point is settled when u² + 2E &lt; l'² with l' = max(l, s − u) (s: its centre's distance
/// to the nearest other centre, 2E: the float32 rounding margin 2·errorScale·(‖x‖ + radius)²). The points it cannot
/// settle are listed, in increasing index, for the tightening and search that follow.
/// <para>
/// Four points per 256-bit vector where the processor runs them (the per-centre values gathered by the points'
/// labels), one by one otherwise, with the same operations in the same order; either way a point is settled only when
/// its bounds prove it, so the labels that come out are those of a full search.
/// </para>
/// </summary>
internal static class BoundUpdate
{
    /// <summary>
    /// Updates the bounds of points [start, end) and writes the ones not settled into <paramref name="pending"/>;
    /// returns how many it wrote.
    /// </summary>
    /// <param name="start">The first point of the range.</param>
    /// <param name="end">One past the last point of the range.</param>
    /// <param name="labels">Each point's current centre.</param>
    /// <param name="upper">Upper bounds on the distance to the own centre (updated).</param>
    /// <param name="lower">Lower bounds on the distance to every other centre (updated).</param>
    /// <param name="norms">‖x − origin‖ per point.</param>
    /// <param name="drift">Per centre: how far it moved (k).</param>
    /// <param name="shrink">Per centre: the largest drift among the other centres (k).</param>
    /// <param name="separation">Per centre: distance to the nearest other centre (k).</param>
    /// <param name="radius">max ‖c − origin‖ over the centres.</param>
    /// <param name="twiceErrorScale">2·errorScale, so that 2E = twiceErrorScale·(‖x‖ + radius)².</param>
    /// <param name="vectorised">Whether to take four points per vector (where the processor runs 256-bit vectors).</param>
    /// <param name="pending">Receives the indices of the points not settled (room for end − start).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Run(int start, int end, int[] labels, double[] upper, double[] lower, double[] norms, double[] drift,
        double[] shrink, double[] separation, double radius, double twiceErrorScale, bool vectorised, Span<int> pending)
    {
        int count = 0, i = start;
        if (vectorised && Vector256.IsHardwareAccelerated)
        {
            ref int label = ref MemoryMarshal.GetArrayDataReference(labels);
            ref double u0 = ref MemoryMarshal.GetArrayDataReference(upper);
            ref double l0 = ref MemoryMarshal.GetArrayDataReference(lower);
            ref double n0 = ref MemoryMarshal.GetArrayDataReference(norms);
            var zero = Vector256<double>.Zero;
            var scale = Vector256.Create(twiceErrorScale);
            var reach = Vector256.Create(radius);
            for (; i + 4 <= end; i += 4)
            {
                ref int a = ref Unsafe.Add(ref label, i);
                int a0 = a, a1 = Unsafe.Add(ref a, 1), a2 = Unsafe.Add(ref a, 2), a3 = Unsafe.Add(ref a, 3);
                var u = Vector256.LoadUnsafe(ref u0, (nuint)i) + Vector256.Create(drift[a0], drift[a1], drift[a2], drift[a3]);
                var l = Vector256.Max(zero, Vector256.LoadUnsafe(ref l0, (nuint)i) - Vector256.Create(shrink[a0], shrink[a1], shrink[a2], shrink[a3]));
                u.StoreUnsafe(ref u0, (nuint)i);
                l.StoreUnsafe(ref l0, (nuint)i);
                var best = Vector256.Max(l, Vector256.Create(separation[a0], separation[a1], separation[a2], separation[a3]) - u);
                var r = Vector256.LoadUnsafe(ref n0, (nuint)i) + reach;
                var margin = scale * r * r;
                var settled = Vector256.GreaterThan(best, zero) & Vector256.LessThan(u * u + margin, best * best);
                uint open = ~settled.ExtractMostSignificantBits() & 0xF;
                while (open != 0)
                {
                    pending[count++] = i + BitOperations.TrailingZeroCount(open);
                    open &= open - 1;
                }
            }
        }
        for (; i < end; i++)
        {
            int a = labels[i];
            double u = upper[i] + drift[a];
            double l = Math.Max(0, lower[i] - shrink[a]);
            upper[i] = u;
            lower[i] = l;
            double best = Math.Max(l, separation[a] - u);
            double r = norms[i] + radius;
            double margin = twiceErrorScale * r * r;
            if (!(best > 0 && u * u + margin < best * best)) pending[count++] = i;
        }
        return count;
    }
}
