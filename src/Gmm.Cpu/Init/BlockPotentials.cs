using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// k-means++'s potential of one block of points, Σ w·D²: Vector&lt;double&gt; lanes, each taking every
/// Vector&lt;double&gt;.Count-th point in order with a fused multiply-add, then the lanes summed. Every seeding step
/// compares such sums and draws from them, so each comes out the same bits however many are taken together.
/// </summary>
internal static class BlockPotentials
{
    /// <summary>Σ w·D² of one block (<paramref name="distances"/> and <paramref name="weights"/> of equal length, a multiple of Vector&lt;double&gt;.Count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Single(ReadOnlySpan<double> distances, ReadOnlySpan<double> weights)
    {
        var sum = Vector<double>.Zero;
        for (int i = 0; i < distances.Length; i += Vector<double>.Count)
            sum = Vector.FusedMultiplyAdd(new Vector<double>(distances[i..]), new Vector<double>(weights[i..]), sum);
        return Vector.Sum(sum);
    }

    /// <summary>
    /// results[a] = <see cref="Single"/>(distances[a], weights) for a &lt; <paramref name="count"/>, bit for bit: up to
    /// four arrays per pass, whose lane sums are independent chains of fused multiply-adds, so that a pass keeps four in
    /// flight where one sum waits on each addition's latency. Each array holds at least weights.Length values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Several(double[][] distances, int count, ReadOnlySpan<double> weights, Span<double> results)
    {
        int n = weights.Length, vd = Vector<double>.Count;
        if (n % vd != 0) throw new ArgumentException($"The weights' length ({n}) must be a multiple of {vd}.", nameof(weights));
        if (count > distances.Length || count > results.Length) throw new ArgumentOutOfRangeException(nameof(count), count, "More sums than arrays or results.");
        for (int a = 0; a < count; a++)
            if (distances[a].Length < n) throw new ArgumentException($"Distance array {a} is shorter than the weights.", nameof(distances));
        ref double w = ref MemoryMarshal.GetReference(weights);
        for (int a = 0; a < count; a += 4)
        {
            // A pass of fewer than four repeats its last array (the repeats' sums are not kept).
            int last = Math.Min(count, a + 4) - 1;
            ref double d0 = ref MemoryMarshal.GetArrayDataReference(distances[a]);
            ref double d1 = ref MemoryMarshal.GetArrayDataReference(distances[Math.Min(a + 1, last)]);
            ref double d2 = ref MemoryMarshal.GetArrayDataReference(distances[Math.Min(a + 2, last)]);
            ref double d3 = ref MemoryMarshal.GetArrayDataReference(distances[Math.Min(a + 3, last)]);
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
            for (int i = 0; i < n; i += vd)
            {
                var weight = Vector.LoadUnsafe(ref w, (nuint)i);
                s0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref d0, (nuint)i), weight, s0);
                s1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref d1, (nuint)i), weight, s1);
                s2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref d2, (nuint)i), weight, s2);
                s3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref d3, (nuint)i), weight, s3);
            }
            results[a] = Vector.Sum(s0);
            if (a + 1 <= last) results[a + 1] = Vector.Sum(s1);
            if (a + 2 <= last) results[a + 2] = Vector.Sum(s2);
            if (a + 3 <= last) results[a + 3] = Vector.Sum(s3);
        }
    }
}
