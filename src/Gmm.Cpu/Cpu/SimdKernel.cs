using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// The tile pipeline of every CPU kernel in registers of type <typeparamref name="TV"/>: a range of points is walked in
/// tiles of <see cref="CpuLane{T}.TileRows"/>: shift by the center and copy (rows padded to a multiple of
/// <see cref="RowBlock"/> with zeros), a prefetch of the next tile's points (they arrive while this tile computes
/// instead of stalling its copy), log-probabilities, log-sum-exp to weighted responsibilities, the tile's
/// statistics; tile sums in T are added into float64 sums of the same layout every <see cref="FlushEveryTiles"/> tiles,
/// and the kernel publishes those in the statistics' layout once per range (<see cref="Publish"/>).
/// Every method here and in the kernels is compiled fully optimised on first call
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>, no tier-0 code and no on-stack replacement), and their loops
/// call nothing that is not inlined or itself compiled so (no generic library code; a loop nest that would exhaust the
/// JIT's inlining budget is a method of its own), so the second EM iteration already runs at the speed of the
/// twentieth; the first would also compile the kernel, which <see cref="CpuKernelWarmUp"/> does on another thread
/// while the data is read (docs/architecture.md, "CPU kernels: optimised from the first call" and the next section).
/// </summary>
internal abstract partial class SimdKernel<T, TV> : CpuKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    /// <summary>Tile sums in T are moved to float64 every this many tiles (256 points).</summary>
    private const int FlushEveryTiles = 4;

    /// <summary>The row blocking of the kernels' loops: tiles are computed in blocks of this many points.</summary>
    public const int RowBlock = 8;

    /// <summary>1 for the d features, 0 for the padding (dp): multiplies the last register of a copied row.</summary>
    private readonly T[] _featureMask;

    protected SimdKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance, TV.Count)
    {
        _featureMask = new T[Dp];
        _featureMask.AsSpan(0, d).Fill(T.One);
        Slots = new int[k];
        for (int c = 0; c < k; c++) Slots[c] = c;
        NarrowLastRegister = TV.Count == 2 * Simd256<T>.Count && k - (Kp - TV.Count) <= Simd256<T>.Count;
    }

    /// <summary>
    /// Whether the last register of components is computed in 256 bits: true when the registers are 512-bit and that
    /// register's real components (slots K on are padding) fit in its lower half, where a 512-bit operation costs two
    /// 256-bit ones. The point-major kernels (diag, spherical) then compute that half's statistics, and its
    /// log-densities and two-register log-sum-exp where the register does not close a group of four, with the same
    /// per-lane arithmetic and order; the upper half (padding, never published) is then left undefined, and the readers
    /// that take the register at full width (the general log-sum-exp, which sets the padding to −∞ first) do not use
    /// its old contents. The results are bit for bit those of the full-width form, which tests get by setting it false.
    /// </summary>
    internal bool NarrowLastRegister { get; set; }

    /// <inheritdoc />
    /// <remarks>
    /// Here: whole registers only (no <see cref="NarrowLastRegister"/>: one instantiation of the statistics' row listing
    /// and moments, no log-densities of a register and a half), the log-sum-exp one row at a time (no four-row form),
    /// and diag/spherical's log-densities one register at a time (no four-register loop). Each value's arithmetic is
    /// that of the faster forms (their own remarks: the four-row log-sum-exp does each row's operations in the
    /// single-row order, the narrow register each real lane's, the four-register loop each point and register's).
    /// </remarks>
    internal override void UseMinimalVariants()
    {
        base.UseMinimalVariants();
        NarrowLastRegister = false;
    }

    /// <summary>
    /// Where component c sits in the kernel's component layout (a permutation of 0 … k − 1; the padding after it).
    /// The identity unless the kernel orders its components (<see cref="DiagonalKernel{T, TLayout, TV}"/>).
    /// </summary>
    protected int[] Slots { get; }

    /// <summary>
    /// Where the kernel keeps a tile's log-probabilities in lane.Lp: false, point-major (b×kp, components in the lanes:
    /// diag, spherical); true, component-major (k×tp with tp = the lane's tile rows, points in the lanes: full, tied).
    /// </summary>
    protected virtual bool PointLanes => false;

    /// <summary>
    /// lane.Lp[b, k] (or [k, b], <see cref="PointLanes"/>) = log π_k + log N(x_b | k) for the first rows (rounded up to
    /// <see cref="RowBlock"/>) of lane.X.
    /// </summary>
    protected abstract void LogProbabilities(CpuLane<T> lane, int rows);

    /// <summary>
    /// Adds the tile's statistics; lane.Lp now holds w_b · r_bk in the same layout (padding: zero, or undefined in a
    /// <see cref="NarrowLastRegister"/>'s upper half). The kernel may overwrite lane.Lp (spherical's F in the principal
    /// axis' order reorders the responsibilities in place).
    /// </summary>
    protected abstract void AccumulateTile(CpuLane<T> lane, int rows);

    /// <summary>Adds the lane's float64 accumulators (the kernel's layout) into its N, F, S and clears them.</summary>
    protected abstract void Publish(CpuLane<T> lane);

    /// <inheritdoc />
    /// <remarks>
    /// Taken from delegates to the methods, so that the kernel's overrides of <see cref="AccumulateTile"/> and
    /// <see cref="Publish"/> are the ones listed; the responsibilities of the kernel's layout (<see cref="PointLanes"/>) only.
    /// </remarks>
    internal sealed override IReadOnlyList<MethodInfo> StatisticsMethods
    {
        get
        {
            var methods = new List<MethodInfo> { ((Action<CpuLane<T>>)Publish).Method };
            methods.AddRange(StatisticsHelpers);
            methods.AddRange(
            [
                ((Action<T[], double[]>)AddWidened).Method,
                ((Action<CpuLane<T>>)Flush).Method,
                ((Action<CpuLane<T>, int>)AccumulateTile).Method,
            ]);
            if (PointLanes) methods.Add(((Action<CpuLane<T>, int>)ResponsibilitiesOfPointLanes).Method);
            else
            {
                if (!MinimalVariants)
                {
                    methods.Add(Kp != 2 * TV.Count ? ((Func<CpuLane<T>, int, int>)ResponsibilitiesOfFourRows).Method
                        : NarrowLastRegister ? ((Func<CpuLane<T>, int, int>)ResponsibilitiesOfFourRowsInRegisterAndHalf).Method
                        : ((Func<CpuLane<T>, int, int>)ResponsibilitiesOfFourRowsInTwoRegisters).Method);
                }
                methods.Add(((Action<CpuLane<T>, int>)Responsibilities).Method);
            }
            return methods;
        }
    }

    /// <summary>
    /// Fully optimised methods that the kernel's <see cref="AccumulateTile"/> and <see cref="Publish"/> call on the
    /// usual problems (helpers of other types included; one that a problem does not call is compiled for nothing, off
    /// the fit's thread), in the reverse of the order of their first calls; listed in <see cref="StatisticsMethods"/>
    /// after <see cref="Publish"/>. None unless the kernel names them.
    /// </summary>
    protected virtual IEnumerable<MethodInfo> StatisticsHelpers => [];

    /// <summary>The method of <see cref="BlockedProducts{T, TV}"/> (in this kernel's registers) named <paramref name="name"/>.</summary>
    protected static MethodInfo BlockedProductsMethod(string name) =>
        typeof(BlockedProducts<T, TV>).GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingMethodException(typeof(BlockedProducts<T, TV>).Name, name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public sealed override void Accumulate(ReadOnlySpan<T> values, ReadOnlySpan<T> weights, CpuLane<T> lane)
    {
        int d = D, n = values.Length / d, tileRows = lane.TileRows, tiles = 0;
        for (int row = 0; row < n; row += tileRows)
        {
            int rows = Math.Min(tileRows, n - row);
            CopyTile(values.Slice(row * d, rows * d), weights.IsEmpty ? default : weights.Slice(row, rows), lane, rows);
            if (row + tileRows < n) PrefetchTile(values.Slice((row + tileRows) * d, Math.Min(tileRows, n - row - tileRows) * d));
            LogProbabilities(lane, rows);
            if (PointLanes) ResponsibilitiesOfPointLanes(lane, rows);
            else Responsibilities(lane, rows);
            AccumulateTile(lane, rows);
            if (++tiles % FlushEveryTiles == 0) Flush(lane);
        }
        Flush(lane);
        Publish(lane);
        lane.PointCount += n;
    }

    /// <summary>Asks the processor to fetch <paramref name="values"/> into its caches (a hint: no result depends on it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PrefetchTile(ReadOnlySpan<T> values)
    {
        if (!Sse.IsSupported) return;
        // Not pinned: if the collector moved the array meanwhile, a prefetch only warms a stale line; it never faults.
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(values));
        nuint bytes = (nuint)(values.Length * sizeof(T));
        for (nuint offset = 0; offset < bytes; offset += 64) Sse.Prefetch1(start + offset);
    }

    /// <summary>lane.X = rows of values − center (dp-padded with zeros, rows up to a multiple of <see cref="RowBlock"/> zero); lane.Weights.</summary>
    /// <remarks>
    /// The center changes with every model (Σ π_k μ_k, <see cref="CpuKernel{T}.Load"/>), so the shifted points are made
    /// anew each pass. Rows without padding (d = dp) are copied without the mask (its factors would all be 1) and, when
    /// a row is one register, with the center held in a register; the weights are written a register at a time.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void CopyTile(ReadOnlySpan<T> values, ReadOnlySpan<T> weights, CpuLane<T> lane, int rows)
    {
        int d = D, dp = Dp, w = TV.Count, blocked = RoundUp(rows, RowBlock);
        ref T center = ref MemoryMarshal.GetArrayDataReference(Center);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T source = ref MemoryMarshal.GetReference(values);
        if (d == dp && d == w)
        {
            var shift = TV.Load(ref center, 0);
            for (int i = 0, end = rows * d; i < end; i += w) (TV.Load(ref source, (nuint)i) - shift).Store(ref x, (nuint)i);
        }
        else if (d == dp)
        {
            for (int i = 0, end = rows * d; i < end; i += d)
                for (int j = 0; j < d; j += w) (TV.Load(ref source, (nuint)(i + j)) - TV.Load(ref center, (nuint)j)).Store(ref x, (nuint)(i + j));
        }
        else CopyPaddedRows(values, lane, rows);
        ref T laneWeights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        if (weights.IsEmpty)
        {
            int b = 0;
            for (var one = TV.Create(T.One); b + w <= rows; b += w) one.Store(ref laneWeights, (nuint)b);
            for (; b < rows; b++) Unsafe.Add(ref laneWeights, b) = T.One;
        }
        else
        {
            for (int b = 0; b < rows; b++) Unsafe.Add(ref laneWeights, b) = weights[b];
        }
        lane.X.AsSpan(rows * dp, (blocked - rows) * dp).Clear();
        lane.Weights.AsSpan(rows).Clear();
    }

    /// <summary><see cref="CopyTile"/>'s rows when d &lt; dp: the last register of a row is masked to zero past d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyPaddedRows(ReadOnlySpan<T> values, CpuLane<T> lane, int rows)
    {
        int d = D, dp = Dp, w = TV.Count, length = values.Length;
        ref T center = ref MemoryMarshal.GetArrayDataReference(Center);
        ref T mask = ref MemoryMarshal.GetArrayDataReference(_featureMask);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T source = ref MemoryMarshal.GetReference(values);
        int last = dp - w; // the register that holds the last features and the padding
        for (int b = 0; b < rows; b++)
        {
            ref T row = ref Unsafe.Add(ref source, b * d);
            ref T target = ref Unsafe.Add(ref x, b * dp);
            if (b * d + dp <= length)
            {
                // Whole registers: the last one reads into the next row, and the mask zeroes those lanes.
                for (int j = 0; j < last; j += w) (TV.Load(ref row, (nuint)j) - TV.Load(ref center, (nuint)j)).Store(ref target, (nuint)j);
                ((TV.Load(ref row, (nuint)last) - TV.Load(ref center, (nuint)last)) * TV.Load(ref mask, (nuint)last)).Store(ref target, (nuint)last);
            }
            else
            {
                for (int j = 0; j < d; j++) Unsafe.Add(ref target, j) = Unsafe.Add(ref row, j) - Unsafe.Add(ref center, j);
                for (int j = d; j < dp; j++) Unsafe.Add(ref target, j) = T.Zero;
            }
        }
    }

    /// <summary>
    /// Turns lane.Lp into w·r in place (log-sum-exp per row) and adds Σ w log p(x) and Σ w to the lane. The rows go
    /// four at a time (<see cref="ResponsibilitiesOfFourRows"/>, or <see cref="ResponsibilitiesOfFourRowsInTwoRegisters"/>
    /// and <see cref="ResponsibilitiesOfFourRowsInRegisterAndHalf"/> for rows of two registers), the rest one at a time:
    /// each row's arithmetic is the same either way. With <see cref="CpuKernel{T}.MinimalVariants"/>, every row one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Responsibilities(CpuLane<T> lane, int rows)
    {
        int kp = Kp, w = TV.Count, last = kp - w, realInLast = K - last;
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(lane.RowMax);
        ref T rowSum = ref MemoryMarshal.GetArrayDataReference(lane.RowSum);
        int first = MinimalVariants ? 0
            : kp != 2 * w ? ResponsibilitiesOfFourRows(lane, rows)
            : NarrowLastRegister ? ResponsibilitiesOfFourRowsInRegisterAndHalf(lane, rows)
            : ResponsibilitiesOfFourRowsInTwoRegisters(lane, rows);
        for (int b = first; b < rows; b++)
        {
            ref T row = ref Unsafe.Add(ref lp, b * kp);
            // Padded components to −∞ (their log-probabilities are −∞ already unless a distance overflowed: ∞·0 = NaN).
            if (realInLast < w) TV.ReplaceFrom(TV.Load(ref row, (nuint)last), realInLast, T.NegativeInfinity).Store(ref row, (nuint)last);
            var vmax = TV.Load(ref row, 0);
            for (int v = w; v < kp; v += w) vmax = TV.Max(vmax, TV.Load(ref row, (nuint)v));
            T max = TV.MaxAcross(vmax);
            var shift = TV.Create(max);
            var vsum = default(TV);
            for (int v = 0; v < kp; v += w)
            {
                var e = TV.ExpBelowOverflow(TV.Load(ref row, (nuint)v) - shift); // ≤ 0 (or NaN); padded components: exp(−∞) = 0
                e.Store(ref row, (nuint)v);
                vsum += e;
            }
            T sum = TV.Sum(vsum);
            var scale = TV.Create(lane.Weights[b] / sum);
            for (int v = 0; v < kp; v += w) (TV.Load(ref row, (nuint)v) * scale).Store(ref row, (nuint)v);
            Unsafe.Add(ref rowMax, b) = max;
            Unsafe.Add(ref rowSum, b) = sum;
        }
        // log p(x) = max + log Σ exp(lp − max): the logarithms a register at a time, the sums in float64.
        double logLikelihood = 0, weightSum = 0;
        for (int b = 0; b < rows; b += w)
        {
            TV.Log(TV.Load(ref rowSum, (nuint)b)).Store(ref rowSum, (nuint)b); // RowSum has TileRows entries, a multiple of w
            for (int i = b; i < Math.Min(rows, b + w); i++)
            {
                double weight = double.CreateTruncating(lane.Weights[i]);
                logLikelihood += weight * (double.CreateTruncating(Unsafe.Add(ref rowMax, i)) + double.CreateTruncating(Unsafe.Add(ref rowSum, i)));
                weightSum += weight;
            }
        }
        lane.LogLikelihood += logLikelihood;
        lane.WeightSum += weightSum;
    }

    /// <summary>
    /// <see cref="Responsibilities"/> for component-major log-probabilities (k×tp, points in the lanes): maxima, sums
    /// and scales are per lane, so no horizontal operation is needed. Lanes past the tile's rows have weight 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResponsibilitiesOfPointLanes(CpuLane<T> lane, int rows)
    {
        int k = K, tp = lane.TileRows, w = TV.Count;
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T weights = ref MemoryMarshal.GetArrayDataReference(lane.Weights);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(lane.RowMax);
        ref T rowSum = ref MemoryMarshal.GetArrayDataReference(lane.RowSum);
        for (int b = 0; b < rows; b += w)
        {
            ref T column = ref Unsafe.Add(ref lp, b);
            var max = TV.Load(ref column, 0);
            for (int c = 1; c < k; c++) max = TV.Max(max, TV.Load(ref column, (nuint)(c * tp)));
            var sum = default(TV);
            for (int c = 0; c < k; c++)
            {
                var e = TV.Exp(TV.Load(ref column, (nuint)(c * tp)) - max);
                e.Store(ref column, (nuint)(c * tp));
                sum += e;
            }
            var scale = TV.Load(ref weights, (nuint)b) / sum;
            for (int c = 0; c < k; c++) (TV.Load(ref column, (nuint)(c * tp)) * scale).Store(ref column, (nuint)(c * tp));
            max.Store(ref rowMax, (nuint)b);
            TV.Log(sum).Store(ref rowSum, (nuint)b);
        }
        double logLikelihood = 0, weightSum = 0;
        for (int b = 0; b < rows; b++)
        {
            double weight = double.CreateTruncating(Unsafe.Add(ref weights, b));
            logLikelihood += weight * (double.CreateTruncating(Unsafe.Add(ref rowMax, b)) + double.CreateTruncating(Unsafe.Add(ref rowSum, b)));
            weightSum += weight;
        }
        lane.LogLikelihood += logLikelihood;
        lane.WeightSum += weightSum;
    }

    /// <summary>Adds the lane's tile sums (T) into its float64 accumulators of the same layout and clears them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Flush(CpuLane<T> lane)
    {
        AddWidened(lane.TileN, lane.WideN);
        AddWidened(lane.TileFirst, lane.WideFirst);
        AddWidened(lane.TileSecond, lane.WideSecond);
    }

    /// <summary>target[i] += (double)source[i], then source[i] = 0 (float32: 8 or 4 a register; cleared as read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddWidened(T[] source, double[] target)
    {
        int i = 0;
        ref T s = ref MemoryMarshal.GetArrayDataReference(source);
        ref double t = ref MemoryMarshal.GetArrayDataReference(target);
        if (typeof(T) == typeof(float))
        {
            ref float f = ref Unsafe.As<T, float>(ref s);
            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            {
                for (; i + 8 <= source.Length; i += 8)
                {
                    var wide = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref f, (nuint)i));
                    (Vector512.LoadUnsafe(ref t, (nuint)i) + wide).StoreUnsafe(ref t, (nuint)i);
                    Vector256<float>.Zero.StoreUnsafe(ref f, (nuint)i);
                }
            }
            for (; i + 4 <= source.Length; i += 4)
            {
                var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref f, (nuint)i));
                (Vector128.LoadUnsafe(ref t, (nuint)i) + lower).StoreUnsafe(ref t, (nuint)i);
                (Vector128.LoadUnsafe(ref t, (nuint)(i + 2)) + upper).StoreUnsafe(ref t, (nuint)(i + 2));
                Vector128<float>.Zero.StoreUnsafe(ref f, (nuint)i);
            }
        }
        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref t, i) += double.CreateTruncating(Unsafe.Add(ref s, i));
            Unsafe.Add(ref s, i) = T.Zero;
        }
    }

    /// <summary>n rounded up to a multiple of <paramref name="block"/>.</summary>
    protected static int RoundUp(int n, int block) => (n + block - 1) / block * block;
}
