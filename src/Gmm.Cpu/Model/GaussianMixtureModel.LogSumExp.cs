using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gmm;

// The queries' log-sum-exp over a point's k log-probabilities: the same sum bit for bit as adding every term in order,
// without the exponentials of the terms that cannot change it.
public sealed partial class GaussianMixtureModel
{
    /// <summary>
    /// exp(x) is exactly +0 below ln 2⁻¹⁰⁷⁵ ≈ −745.13 (half the smallest subnormal), so a term whose exponent is below this
    /// adds nothing to a sum; −746 leaves a margin.
    /// </summary>
    private const double ExpIsZeroBelow = -746;

    /// <summary>
    /// log Σ exp(values), shifted by the maximum, summed in order. A term is skipped where adding it could not change the
    /// sum: below <see cref="ExpIsZeroBelow"/> (exp is exactly 0), and below the partial sum's binade by 2⁵⁴ (exp(x) &lt;
    /// 2^(e − 54) for a partial sum in [2^e, 2^(e+1)), so less than half the sum's last place, which rounds to the sum
    /// itself; a factor 2 of margin covers exp's own rounding). The same sum bit for bit, without the C library's exp for
    /// the terms that cannot count — most of a point's terms once its nearest component is in the sum (the partial sum is
    /// then ≥ 1 and every term below ≈ −37.4 is skipped), and the underflow path that sets errno for a result of 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = Maximum(values);
        if (double.IsNegativeInfinity(max)) return max;
        if (double.IsFinite(max) && values.Length <= CandidateLimit) return max + Math.Log(SumOfCandidates(values, max));
        double sum = 0, skipBelow = ExpIsZeroBelow;
        foreach (var v in values)
        {
            double x = v - max;
            if (x >= skipBelow)
            {
                sum += Math.Exp(x);
                skipBelow = NegligibleBelow(sum);
            }
            else if (double.IsNaN(x)) sum += x; // a NaN (or ∞ − ∞) still makes the result NaN
        }
        return max + Math.Log(sum);
    }

    /// <summary>Rows of at most this many terms take <see cref="SumOfCandidates"/> (its buffers are on the stack).</summary>
    private const int CandidateLimit = 256;

    /// <summary>
    /// A term is added only if it is at least this far above the largest term before it: a sum that holds a term e^M
    /// skips everything below M − 55·ln 2 ≈ M − 38.1 (<see cref="NegligibleBelow"/>), and a skipped term is below a
    /// later added one.
    /// </summary>
    private const double CandidateMargin = 39;

    /// <summary>
    /// <see cref="LogSumExp"/>'s sum for a finite <paramref name="max"/>, the same bit for bit, in three passes: the
    /// candidates (terms not below −746 nor <see cref="CandidateMargin"/> below the largest term before them: no other
    /// term can be added), their exponentials (independent calls, which the processor overlaps, rather than each waiting
    /// for the sum that decides whether the next one is needed), then the loop's own test and sum over the candidates in
    /// order. exp is the same function of the same values, so the same numbers are added in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static double SumOfCandidates(ReadOnlySpan<double> values, double max)
    {
        Span<double> terms = stackalloc double[values.Length];
        int count = 0, i = 0, n = values.Length, width = Vector256<double>.Count;
        ref double first = ref MemoryMarshal.GetReference(values);
        double largest = double.NegativeInfinity; // the largest shifted term before i (none is NaN: the maximum is finite)
        if (Vector256.IsHardwareAccelerated)
        {
            // Four at a time against the largest term of the blocks before: a lower bound than the largest before each term,
            // so still no term that could count is left out.
            var shift = Vector256.Create(max);
            var before = Vector256.Create(double.NegativeInfinity);
            var zeroBelow = Vector256.Create(ExpIsZeroBelow);
            var margin = Vector256.Create(CandidateMargin);
            for (; i + width <= n; i += width)
            {
                var x = Vector256.LoadUnsafe(ref first, (nuint)i) - shift;
                uint candidates = Vector256.GreaterThanOrEqual(x, Vector256.MaxNative(zeroBelow, before - margin)).ExtractMostSignificantBits();
                while (candidates != 0)
                {
                    terms[count++] = Unsafe.Add(ref first, i + System.Numerics.BitOperations.TrailingZeroCount(candidates)) - max;
                    candidates &= candidates - 1;
                }
                var pairs = Vector256.MaxNative(x, Vector256.Shuffle(x, Vector256.Create(1L, 0, 3, 2)));
                before = Vector256.MaxNative(before, Vector256.MaxNative(pairs, Vector256.Shuffle(pairs, Vector256.Create(2L, 3, 0, 1))));
            }
            largest = before.GetElement(0);
        }
        for (; i < n; i++)
        {
            double x = Unsafe.Add(ref first, i) - max;
            terms[count] = x;
            count += x >= double.MaxNative(ExpIsZeroBelow, largest - CandidateMargin) ? 1 : 0;
            largest = double.MaxNative(largest, x);
        }
        Span<double> exps = stackalloc double[count];
        for (int c = 0; c < count; c++) exps[c] = Math.Exp(terms[c]);
        double sum = 0, skipBelow = ExpIsZeroBelow;
        for (int c = 0; c < count; c++)
        {
            if (terms[c] >= skipBelow)
            {
                sum += exps[c];
                skipBelow = NegligibleBelow(sum);
            }
        }
        return sum;
    }

    /// <summary>
    /// The largest of <paramref name="values"/>, as <see cref="Math.Max(double, double)"/> over them in order gives it:
    /// eight at a time with <see cref="Vector256.Max{T}(Vector256{T}, Vector256{T})"/> (IEEE 754 maximum, as Math.Max:
    /// −0 below +0, so the same value whatever the order), and where that finds a NaN, in order again, so that the NaN
    /// is the first one, as Math.Max keeps it. A running Math.Max is one dependent chain of compares and blends per value;
    /// two vector chains shorten it eightfold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Maximum(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        int i = 0, width = Vector256<double>.Count;
        if (Vector256.IsHardwareAccelerated && values.Length >= 2 * width)
        {
            ref double first = ref MemoryMarshal.GetReference(values);
            var even = Vector256.LoadUnsafe(ref first);
            var odd = Vector256.LoadUnsafe(ref first, (nuint)width);
            for (i = 2 * width; i + 2 * width <= values.Length; i += 2 * width)
            {
                even = Vector256.Max(even, Vector256.LoadUnsafe(ref first, (nuint)i));
                odd = Vector256.Max(odd, Vector256.LoadUnsafe(ref first, (nuint)(i + width)));
            }
            even = Vector256.Max(even, odd);
            for (int lane = 0; lane < width; lane++) max = Math.Max(max, even.GetElement(lane));
        }
        for (; i < values.Length; i++) max = Math.Max(max, values[i]);
        if (double.IsNaN(max))
        {
            max = double.NegativeInfinity;
            foreach (var v in values) max = Math.Max(max, v);
        }
        return max;
    }

    /// <summary>
    /// The shifted exponent below which a term cannot change <paramref name="sum"/>: (e − 54)·ln 2 for a normal sum in
    /// [2^e, 2^(e+1)) (≈ −37.4 once the sum is at least 1), but not below <see cref="ExpIsZeroBelow"/>; for a sum that is 0,
    /// subnormal or NaN (where half the last place is not 2^(e − 53)), <see cref="ExpIsZeroBelow"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double NegligibleBelow(double sum)
    {
        int biased = (int)((BitConverter.DoubleToInt64Bits(sum) >> 52) & 0x7FF); // e + 1023 for a normal sum = m·2^e, 1 ≤ m < 2
        if (biased == 0 || biased == 0x7FF) return ExpIsZeroBelow; // 0, subnormal, ∞ or NaN (a sum of exps is never negative)
        return Math.Max(ExpIsZeroBelow, (biased - 1023 - 54) * Ln2);
    }

    /// <summary>ln 2.</summary>
    private const double Ln2 = 0.6931471805599453;
}
