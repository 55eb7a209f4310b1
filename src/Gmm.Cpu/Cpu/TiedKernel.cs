using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Tied covariance: one precision Cholesky U for all components. With points in the lanes: y = xU once per tile
/// (<see cref="PointLaneProducts{T, TV}"/>, the tile transposed to d×tp), then ‖y − μ_k U‖² per component, 4
/// components × 4 registers of points at a time (scikit-learn's X@U − μ@U: d²/2 + k·d work per point instead of
/// k·d²/2); log-probabilities component-major (k×tp). Statistics about the center: F_t k×dp Σ r x (features in the
/// lanes; eight components' multiply-add chains share each loaded row), S_t d4×dp Σ w x xᵀ (upper blocks, d4 = d
/// rounded up to 4; a register-blocked rank update, of x with itself when the tile's weights are all 1).
/// Layout: U d×d4, projected means k4×d (k4 = k rounded up to 4, zero rows past k).
/// </summary>
internal sealed class TiedKernel<T, TV> : SimdKernel<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    private readonly T[] _cholesky;
    private readonly T[] _projectedMeans;
    private readonly int _d4;

    public TiedKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _d4 = BlockedProducts<T, TV>.RoundUp4(d);
        _cholesky = new T[d * _d4];
        _projectedMeans = new T[BlockedProducts<T, TV>.RoundUp4(k) * d];
    }

    protected override bool PointLanes => true;

    /// <inheritdoc />
    protected override IEnumerable<MethodInfo> StatisticsHelpers =>
    [
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.AddUpperMirrored)),
        .. BlockedProducts<T, TV>.TakesSixteenRows(_d4) ? [BlockedProductsMethod(nameof(BlockedProducts<T, TV>.SixteenRows))] : Array.Empty<MethodInfo>(),
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.EightRows)),
        BlockedProductsMethod(nameof(BlockedProducts<T, TV>.RankUpdate)),
        ((Action<CpuLane<T>, int, int>)FirstOrderEight).Method,
    ];

    public override CpuLane<T> CreateLane(int tileRows) =>
        new(this, tileRows, K * Dp, _d4 * Dp, Math.Max(2 * D * tileRows, tileRows * Dp + 4));

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        int d = D;
        var u = model.PrecisionsCholeskyArray;
        Array.Clear(_cholesky);
        for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++) _cholesky[j * _d4 + i] = T.CreateTruncating(u[j * d + i]);
        var projected = new double[K * d];
        model.ProjectMeans(statistics.Center, projected);
        for (int i = 0; i < K * d; i++) _projectedMeans[i] = T.CreateTruncating(projected[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        int d = D, k = K, tp = lane.TileRows, w = TV.Count;
        var xT = lane.Scratch.AsSpan(0, d * tp);
        var y = lane.Scratch.AsSpan(d * tp, d * tp);
        PointLaneProducts<T, TV>.Transpose(lane.X, rows, d, Dp, xT, tp);
        PointLaneProducts<T, TV>.Product(xT, _cholesky, d, tp, y);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(Constants);
        for (int p = 0; p < tp; p += 4 * w)
        {
            for (int c0 = 0; c0 < k; c0 += 4)
            {
                TV n00 = default, n01 = default, n02 = default, n03 = default, n10 = default, n11 = default, n12 = default, n13 = default;
                TV n20 = default, n21 = default, n22 = default, n23 = default, n30 = default, n31 = default, n32 = default, n33 = default;
                ref T m = ref MemoryMarshal.GetArrayDataReference(_projectedMeans);
                m = ref Unsafe.Add(ref m, c0 * d);
                ref T yi = ref Unsafe.Add(ref y0, p);
                for (int i = 0; i < d; i++)
                {
                    TV y_0 = TV.Load(ref yi, 0), y_1 = TV.Load(ref yi, (nuint)w), y_2 = TV.Load(ref yi, (nuint)(2 * w)), y_3 = TV.Load(ref yi, (nuint)(3 * w));
                    var mean = TV.Create(m);
                    Square(y_0 - mean, ref n00); Square(y_1 - mean, ref n01); Square(y_2 - mean, ref n02); Square(y_3 - mean, ref n03);
                    mean = TV.Create(Unsafe.Add(ref m, d));
                    Square(y_0 - mean, ref n10); Square(y_1 - mean, ref n11); Square(y_2 - mean, ref n12); Square(y_3 - mean, ref n13);
                    mean = TV.Create(Unsafe.Add(ref m, 2 * d));
                    Square(y_0 - mean, ref n20); Square(y_1 - mean, ref n21); Square(y_2 - mean, ref n22); Square(y_3 - mean, ref n23);
                    mean = TV.Create(Unsafe.Add(ref m, 3 * d));
                    Square(y_0 - mean, ref n30); Square(y_1 - mean, ref n31); Square(y_2 - mean, ref n32); Square(y_3 - mean, ref n33);
                    yi = ref Unsafe.Add(ref yi, tp);
                    m = ref Unsafe.Add(ref m, 1);
                }
                Finish(ref lp, ref constants, c0, k, tp, p, w, n00, n01, n02, n03);
                Finish(ref lp, ref constants, c0 + 1, k, tp, p, w, n10, n11, n12, n13);
                Finish(ref lp, ref constants, c0 + 2, k, tp, p, w, n20, n21, n22, n23);
                Finish(ref lp, ref constants, c0 + 3, k, tp, p, w, n30, n31, n32, n33);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Square(TV e, ref TV accumulator) => accumulator = TV.MultiplyAdd(e, e, accumulator);

    /// <summary>lp[c, p..] = constant_c − ½ n for component c's four registers of points (nothing for c ≥ k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(ref T lp, ref T constants, int c, int k, int tp, int p, int w, TV n0, TV n1, TV n2, TV n3)
    {
        if (c >= k) return;
        var constant = TV.Create(Unsafe.Add(ref constants, c));
        var minusHalf = TV.Create(T.CreateTruncating(-0.5));
        nuint o = (nuint)(c * tp + p);
        TV.MultiplyAdd(n0, minusHalf, constant).Store(ref lp, o);
        TV.MultiplyAdd(n1, minusHalf, constant).Store(ref lp, o + (nuint)w);
        TV.MultiplyAdd(n2, minusHalf, constant).Store(ref lp, o + (nuint)(2 * w));
        TV.MultiplyAdd(n3, minusHalf, constant).Store(ref lp, o + (nuint)(3 * w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int k = K, w = TV.Count, tp = lane.TileRows;
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        for (int c = 0; c < k; c++)
        {
            ref T r = ref Unsafe.Add(ref lp, c * tp);
            var n = default(TV);
            for (int b = 0; b < rows; b += w) n += TV.Load(ref r, (nuint)b); // lanes past the rows hold 0
            lane.TileN[c] += TV.Sum(n);
        }
        int c0 = 0;
        for (; c0 + 8 <= k; c0 += 8) FirstOrderEight(lane, rows, c0);
        for (; c0 + 4 <= k; c0 += 4) FirstOrderFour(lane, rows, c0);
        for (; c0 < k; c0++) FirstOrderOne(lane, rows, c0);
        // Unit weights (no weights given): w·x is x, so x is both operands. The rank update reads the left operand up to
        // column d4 − 1 of each row, inside x's rows when d4 ≤ dp (every float width; not 128-bit float64).
        if (_d4 <= Dp && UnitWeights(lane, rows)) BlockedProducts<T, TV>.RankUpdate(lane.X, lane.X, rows, D, Dp, lane.TileSecond);
        else BlockedProducts<T, TV>.RankUpdate(lane.Scratch, lane.X, WeightedRows(lane, rows), D, Dp, lane.TileSecond);
    }

    /// <summary>
    /// F_t[c] += Σ_b r[c, b]·x[b] for the eight components [c0, c0 + 8): eight independent multiply-add chains share
    /// each loaded register of x (one chain alone waits on the multiply-add's latency every row). Each component's sum
    /// runs over the rows in order, as <see cref="FirstOrderOne"/> adds it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstOrderEight(CpuLane<T> lane, int rows, int c0)
    {
        int dp = Dp, w = TV.Count, tp = lane.TileRows;
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T r0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.Lp), c0 * tp);
        ref T first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.TileFirst), c0 * dp);
        nuint step = (nuint)dp;
        for (int v = 0; v < dp; v += w)
        {
            nuint o = (nuint)v;
            TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o + step), f2 = TV.Load(ref first, o + 2 * step), f3 = TV.Load(ref first, o + 3 * step);
            TV f4 = TV.Load(ref first, o + 4 * step), f5 = TV.Load(ref first, o + 5 * step), f6 = TV.Load(ref first, o + 6 * step), f7 = TV.Load(ref first, o + 7 * step);
            ref T r = ref r0;
            for (int b = 0; b < rows; b++)
            {
                var xb = TV.Load(ref x, (nuint)(b * dp + v));
                f0 = TV.MultiplyAdd(TV.Create(r), xb, f0);
                f1 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, tp)), xb, f1);
                f2 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 2 * tp)), xb, f2);
                f3 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 3 * tp)), xb, f3);
                f4 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 4 * tp)), xb, f4);
                f5 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 5 * tp)), xb, f5);
                f6 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 6 * tp)), xb, f6);
                f7 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 7 * tp)), xb, f7);
                r = ref Unsafe.Add(ref r, 1);
            }
            f0.Store(ref first, o); f1.Store(ref first, o + step); f2.Store(ref first, o + 2 * step); f3.Store(ref first, o + 3 * step);
            f4.Store(ref first, o + 4 * step); f5.Store(ref first, o + 5 * step); f6.Store(ref first, o + 6 * step); f7.Store(ref first, o + 7 * step);
        }
    }

    /// <summary><see cref="FirstOrderEight"/> for four components [c0, c0 + 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstOrderFour(CpuLane<T> lane, int rows, int c0)
    {
        int dp = Dp, w = TV.Count, tp = lane.TileRows;
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T r0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.Lp), c0 * tp);
        ref T first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.TileFirst), c0 * dp);
        nuint step = (nuint)dp;
        for (int v = 0; v < dp; v += w)
        {
            nuint o = (nuint)v;
            TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o + step), f2 = TV.Load(ref first, o + 2 * step), f3 = TV.Load(ref first, o + 3 * step);
            ref T r = ref r0;
            for (int b = 0; b < rows; b++)
            {
                var xb = TV.Load(ref x, (nuint)(b * dp + v));
                f0 = TV.MultiplyAdd(TV.Create(r), xb, f0);
                f1 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, tp)), xb, f1);
                f2 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 2 * tp)), xb, f2);
                f3 = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, 3 * tp)), xb, f3);
                r = ref Unsafe.Add(ref r, 1);
            }
            f0.Store(ref first, o); f1.Store(ref first, o + step); f2.Store(ref first, o + 2 * step); f3.Store(ref first, o + 3 * step);
        }
    }

    /// <summary>F_t[c] += Σ_b r[c, b]·x[b] for one component (the components past the last block of four).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstOrderOne(CpuLane<T> lane, int rows, int c)
    {
        int dp = Dp, w = TV.Count, tp = lane.TileRows;
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lane.Lp), c * tp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        for (int v = 0; v < dp; v += w)
        {
            nuint o = (nuint)(c * dp + v);
            var f = TV.Load(ref first, o);
            for (int b = 0; b < rows; b++) f = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref r, b)), TV.Load(ref x, (nuint)(b * dp + v)), f);
            f.Store(ref first, o);
        }
    }

    /// <summary>Whether every one of the tile's rows has weight 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool UnitWeights(CpuLane<T> lane, int rows)
    {
        ref T weights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        bool unit = true;
        for (int b = 0; b < rows; b++) unit &= Unsafe.Add(ref weights, b) == T.One;
        return unit;
    }

    /// <summary>
    /// The rank update's operands: w·x rows into the scratch (left), and the rows of x (right) compacted past zero
    /// weights, which add nothing. Returns how many rows remain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int WeightedRows(CpuLane<T> lane, int rows)
    {
        int dp = Dp, w = TV.Count, count = 0;
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T weighted = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        ref T weights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        for (int b = 0; b < rows; b++)
        {
            T weight = Unsafe.Add(ref weights, b);
            if (weight == T.Zero) continue;
            var scale = TV.Create(weight);
            for (int v = 0; v < dp; v += w)
            {
                var row = TV.Load(ref x, (nuint)(b * dp + v));
                (scale * row).Store(ref weighted, (nuint)(count * dp + v));
                if (count != b) row.Store(ref x, (nuint)(count * dp + v));
            }
            count++;
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Publish(CpuLane<T> lane)
    {
        int d = D, dp = Dp;
        for (int c = 0; c < K; c++)
        {
            lane.N[c] += lane.WideN[c];
            for (int i = 0; i < d; i++) lane.F[c * d + i] += lane.WideFirst[c * dp + i];
        }
        BlockedProducts<T, TV>.AddUpperMirrored(lane.WideSecond, d, dp, lane.S);
        Array.Clear(lane.WideN);
        Array.Clear(lane.WideFirst);
        Array.Clear(lane.WideSecond);
    }
}
