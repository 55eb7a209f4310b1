using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.EightRows)),
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.RankUpdate)),
    ];

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
            // rows at a time from the mask of its non-zero lanes (lanes past the tile's rows masked off), one set bit
            // per listed row: no per-row branch on data that follows no pattern, and no work for the rows left out.
            int count = 0;
            ref T responsibilities = ref Unsafe.Add(ref lp, c * tp);
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
            if (count == 0) continue;
            // Compacted rows of e = x − μ and r·e; F sums r·e in a register per register of features (the same order
            // of additions as one row at a time into memory, without a store-to-load chain through F), and N sums the
            // listed rows' r in row order in the first such pass (the rows left out add exactly 0).
            T n = T.Zero;
            for (int v = 0; v < dp; v += w)
            {
                var mean = TV.Load(ref means, (nuint)(c * dp + v));
                var f = TV.Load(ref first, (nuint)(c * dp + v));
                for (int q = 0; q < count; q++)
                {
                    int b = Unsafe.Add(ref owned, q);
                    T r = Unsafe.Add(ref responsibilities, b);
                    if (v == 0) n += r;
                    var e = TV.Load(ref x, (nuint)(b * dp + v)) - mean;
                    e.Store(ref diff, (nuint)(q * dp + v));
                    var g = TV.Create(r) * e;
                    g.Store(ref weighted, (nuint)(q * dp + v));
                    f += g;
                }
                f.Store(ref first, (nuint)(c * dp + v));
            }
            lane.TileN[c] += n;
            BlockedProducts<T, TV>.RankUpdate(weightedSpan, diffSpan, count, D, dp, lane.TileSecond.AsSpan(c * d4 * dp, d4 * dp));
        }
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
