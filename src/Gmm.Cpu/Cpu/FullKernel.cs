using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// Full covariances. E-step with points in the lanes (<see cref="PointLaneProducts{T, TV}"/>): the tile transposed
/// once (d×tp), then per component ‖(x − μ_k)ᵀU_k‖² with U_k upper triangular (d×d4) and x − μ_k formed in
/// registers, log-probabilities component-major (k×tp). Statistics with features in the lanes: per component the points
/// it owns (r ≠ 0 is common once clusters separate) are listed from the masks of its non-zero responsibilities and
/// compacted into rows of e and r·e, and a register-blocked rank update adds Σ r e eᵀ (upper triangle).
/// Layout: U_k k×d×d4, means k×d. Tile accumulators: F_t k×dp, S_t k×d4×dp (upper blocks; mirrored on publish).
/// </summary>
internal sealed class FullKernel<T, TV> : SimdKernel<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    private readonly T[] _cholesky;
    private readonly T[] _means;
    private readonly int _d4;

    public FullKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _d4 = BlockedProducts<T, TV>.RoundUp4(d);
        _cholesky = new T[k * d * _d4];
        _means = new T[k * Dp];
    }

    protected override bool PointLanes => true;

    /// <inheritdoc />
    protected override IEnumerable<MethodInfo> StatisticsHelpers =>
    [
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.AddUpperMirrored)),
        .. BlockedProducts<T, TV>.TakesSixteenRows(_d4) ? [BlockedProductsMethod(nameof(BlockedProducts<T, TV>.SixteenRows))] : Array.Empty<MethodInfo>(),
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.EightRows)),
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.RankUpdate)),
        ((CompactRows)Compact).Method,
        ((ListRows)ListOwnedRows).Method,
    ];

    /// <summary>The signature of <see cref="ListOwnedRows"/>, for its delegate in <see cref="StatisticsHelpers"/>.</summary>
    private delegate int ListRows(ref T responsibilities, int rows, ref int owned);

    public override CpuLane<T> CreateLane(int tileRows) =>
        new(this, tileRows, K * Dp, K * _d4 * Dp, Math.Max(D * tileRows + tileRows, 2 * tileRows * Dp + 4));

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        int d = D;
        var u = model.PrecisionsCholeskyArray;
        Array.Clear(_cholesky);
        Array.Clear(_means);
        for (int c = 0; c < K; c++)
        {
            for (int j = 0; j < d; j++)
            {
                _means[c * Dp + j] = ShiftedMean(model, statistics, c, j);
                for (int i = j; i < d; i++) _cholesky[(c * d + j) * _d4 + i] = T.CreateTruncating(u[(c * d + j) * d + i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        int d = D, dp = Dp, tp = lane.TileRows, w = TV.Count;
        var xT = lane.Scratch.AsSpan(0, d * tp);
        var squares = lane.Scratch.AsSpan(d * tp, tp);
        PointLaneProducts<T, TV>.Transpose(lane.X, rows, d, dp, xT, tp);
        ref T s0 = ref MemoryMarshal.GetReference(squares);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        var minusHalf = TV.Create(T.CreateTruncating(-0.5));
        for (int c = 0; c < K; c++)
        {
            PointLaneProducts<T, TV>.SquaredNorms(xT, _means.AsSpan(c * dp, d), _cholesky.AsSpan(c * d * _d4, d * _d4), d, tp, squares);
            var constant = TV.Create(Constants[c]);
            for (int b = 0; b < tp; b += w)
                TV.MultiplyAdd(TV.Load(ref s0, (nuint)b), minusHalf, constant).Store(ref lp, (nuint)(c * tp + b));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int dp = Dp, w = TV.Count, d4 = _d4, tp = lane.TileRows;
        var weightedSpan = lane.Scratch.AsSpan(0, lane.TileRows * dp + 4);
        var diffSpan = lane.Scratch.AsSpan(lane.TileRows * dp + 4, lane.TileRows * dp);
        ref T weighted = ref MemoryMarshal.GetReference(weightedSpan);
        ref T diff = ref MemoryMarshal.GetReference(diffSpan);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref int owned = ref MemoryMarshal.GetArrayDataReference(lane.Rows);
        for (int c = 0; c < K; c++)
        {
            // The rows this component actually owns (r = 0 is common once clusters separate), listed a register of
            // rows at a time from the mask of its non-zero lanes (lanes past the tile's rows masked off): no per-row
            // branch on data that follows no pattern, and no work for the rows left out.
            ref T responsibilities = ref Unsafe.Add(ref lp, c * tp);
            int count = ListOwnedRows(ref responsibilities, rows, ref owned);
            if (count == 0) continue;
            // Compacted rows of e = x − μ and r·e; F sums r·e in a register per register of features (the same order
            // of additions as one row at a time into memory, without a store-to-load chain through F), and N sums the
            // listed rows' r in row order in the first such pass (the rows left out add exactly 0).
            T n = T.Zero;
            for (int v = 0; v < dp; v += w)
                n = Compact(ref Unsafe.Add(ref x, v), ref responsibilities, ref owned, count, dp, ref Unsafe.Add(ref means, c * dp + v),
                    ref Unsafe.Add(ref first, c * dp + v), ref Unsafe.Add(ref diff, v), ref Unsafe.Add(ref weighted, v), v == 0, n);
            lane.TileN[c] += n;
            BlockedProducts<T, TV>.RankUpdate(weightedSpan, diffSpan, count, D, dp, lane.TileSecond.AsSpan(c * d4 * dp, d4 * dp));
        }
    }

    /// <summary>
    /// One register of features (at <paramref name="x"/>, rows dp apart) of the <paramref name="count"/> listed rows:
    /// e = x − μ into <paramref name="diff"/> and r·e into <paramref name="weighted"/> (row q at q·dp), r·e added to
    /// the register at <paramref name="first"/> in row order; where <paramref name="sumsN"/>, the rows' r added to
    /// <paramref name="n"/> in row order, which is returned. A method of its own so that its loop keeps its few
    /// pointers in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static T Compact(ref T x, ref T responsibilities, ref int owned, int count, int dp, ref T mean, ref T first, ref T diff,
        ref T weighted, bool sumsN, T n)
    {
        var mu = TV.Load(ref mean, 0);
        var f = TV.Load(ref first, 0);
        if (sumsN)
        {
            for (int q = 0; q < count; q++)
            {
                int b = Unsafe.Add(ref owned, q);
                T r = Unsafe.Add(ref responsibilities, b);
                n += r;
                var e = TV.Load(ref x, (nuint)(b * dp)) - mu;
                e.Store(ref diff, (nuint)(q * dp));
                var g = TV.Create(r) * e;
                g.Store(ref weighted, (nuint)(q * dp));
                f += g;
            }
        }
        else
        {
            for (int q = 0; q < count; q++)
            {
                int b = Unsafe.Add(ref owned, q);
                var e = TV.Load(ref x, (nuint)(b * dp)) - mu;
                e.Store(ref diff, (nuint)(q * dp));
                var g = TV.Create(Unsafe.Add(ref responsibilities, b)) * e;
                g.Store(ref weighted, (nuint)(q * dp));
                f += g;
            }
        }
        f.Store(ref first, 0);
        return n;
    }

    /// <summary>The signature of <see cref="Compact"/>, for its delegate in <see cref="StatisticsHelpers"/>.</summary>
    private delegate T CompactRows(ref T x, ref T responsibilities, ref int owned, int count, int dp, ref T mean, ref T first, ref T diff,
        ref T weighted, bool sumsN, T n);

    /// <summary>
    /// Lists in <paramref name="owned"/>, in row order, the tile rows b &lt; <paramref name="rows"/> whose responsibility
    /// is not exactly 0; returns how many. Float32 in 512-bit registers: each register of 16 rows packs its listed row
    /// numbers with one compress and stores them whole (the lanes past the listed ones are overwritten by the next
    /// register's, or never read: at most b rows are listed before register b, so the store stays inside the tile's
    /// rows); no loop over the set bits, whose exit follows no pattern. Elsewhere one set bit per listed row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ListOwnedRows(ref T responsibilities, int rows, ref int owned)
    {
        int w = TV.Count, count = 0;
        if (typeof(T) == typeof(float) && w == Vector512<float>.Count && Avx512F.IsSupported)
        {
            ref float r0 = ref Unsafe.As<T, float>(ref responsibilities);
            for (int b = 0; b < rows; b += w)
            {
                var listed = ~Vector512.Equals(Vector512.LoadUnsafe(ref r0, (nuint)b), Vector512<float>.Zero).AsInt32();
                if (rows - b < w) listed &= Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rows - b));
                Avx512F.Compress(Vector512<int>.Zero, listed, Vector512<int>.Indices + Vector512.Create(b)).StoreUnsafe(ref owned, (nuint)count);
                count += BitOperations.PopCount(listed.ExtractMostSignificantBits());
            }
            return count;
        }
        for (int b = 0; b < rows; b += w)
        {
            ulong listed = TV.NonZeroLanes(TV.Load(ref responsibilities, (nuint)b));
            if (rows - b < w) listed &= (1UL << (rows - b)) - 1;
            while (listed != 0)
            {
                Unsafe.Add(ref owned, count++) = b + BitOperations.TrailingZeroCount(listed);
                listed &= listed - 1;
            }
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Publish(CpuLane<T> lane)
    {
        int d = D, dp = Dp, d4 = _d4;
        for (int c = 0; c < K; c++)
        {
            lane.N[c] += lane.WideN[c];
            for (int i = 0; i < d; i++) lane.F[c * d + i] += lane.WideFirst[c * dp + i];
            BlockedProducts<T, TV>.AddUpperMirrored(lane.WideSecond.AsSpan(c * d4 * dp, d4 * dp), d, dp, lane.S.AsSpan(c * d * d, d * d));
        }
        Array.Clear(lane.WideN);
        Array.Clear(lane.WideFirst);
        Array.Clear(lane.WideSecond);
    }
}
