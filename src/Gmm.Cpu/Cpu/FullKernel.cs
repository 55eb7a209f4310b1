using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Full covariances. Layout: U_k (precision Cholesky, upper) k×d×dp, row j holding columns vectorised; shifted means
/// k×dp. Mahalanobis term ‖(x − μ_k) U_k‖², only the vector blocks at or right of the diagonal are touched.
/// Tile accumulators: F_t k×dp, S_t k×d4×dp (d4 = d rounded up to 4; upper blocks; mirrored on flush).
/// </summary>
internal sealed class FullKernel<T> : CpuKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _cholesky;
    private readonly T[] _means;

    public FullKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _cholesky = new T[k * d * Dp];
        _means = new T[k * Dp];
    }

    public override CpuLane<T> CreateLane(int tileRows) => new(tileRows, K, D, Covariance, K * Dp, K * BlockedProducts<T>.RoundUp4(D) * Dp);

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
                for (int i = j; i < d; i++) _cholesky[(c * d + j) * Dp + i] = T.CreateTruncating(u[(c * d + j) * d + i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        int dv = Dp / Vector<T>.Count, rows4 = BlockedProducts<T>.RoundUp4(rows);
        var u = MemoryMarshal.Cast<T, Vector<T>>(_cholesky.AsSpan());
        var means = MemoryMarshal.Cast<T, Vector<T>>(_means.AsSpan());
        var x = MemoryMarshal.Cast<T, Vector<T>>(lane.X.AsSpan());
        var diff = MemoryMarshal.Cast<T, Vector<T>>(lane.Left.AsSpan());
        var y = MemoryMarshal.Cast<T, Vector<T>>(lane.Right.AsSpan());
        var lp = lane.Lp;
        var half = T.CreateTruncating(0.5);
        for (int c = 0; c < K; c++)
        {
            for (int b = 0; b < rows4; b++)
                for (int v = 0; v < dv; v++) diff[b * dv + v] = x[b * dv + v] - means[c * dv + v];
            BlockedProducts<T>.UpperTriangularProduct(lane.Left, u.Slice(c * D * dv, D * dv), rows4, D, dv, y);
            var constant = Constants[c];
            for (int b = 0; b < rows; b++)
            {
                var sum = Vector<T>.Zero;
                for (int v = 0; v < dv; v++) sum = VectorMath.MultiplyAdd(y[b * dv + v], y[b * dv + v], sum);
                lp[b * Kp + c] = constant - half * Vector.Sum(sum);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int dv = Dp / Vector<T>.Count, d4 = BlockedProducts<T>.RoundUp4(D);
        var means = MemoryMarshal.Cast<T, Vector<T>>(_means.AsSpan());
        var x = MemoryMarshal.Cast<T, Vector<T>>(lane.X.AsSpan());
        var first = MemoryMarshal.Cast<T, Vector<T>>(lane.TileFirst.AsSpan());
        var second = MemoryMarshal.Cast<T, Vector<T>>(lane.TileSecond.AsSpan());
        var weighted = MemoryMarshal.Cast<T, Vector<T>>(lane.Left.AsSpan());
        var diff = MemoryMarshal.Cast<T, Vector<T>>(lane.Right.AsSpan());
        var lp = lane.Lp;
        for (int c = 0; c < K; c++)
        {
            // Compact the points this component actually owns (r = 0 is common once clusters separate).
            int count = 0;
            T n = T.Zero;
            var f = first.Slice(c * dv, dv);
            for (int b = 0; b < rows; b++)
            {
                T r = lp[b * Kp + c];
                if (r == T.Zero) continue;
                n += r;
                var rv = new Vector<T>(r);
                for (int v = 0; v < dv; v++)
                {
                    var e = x[b * dv + v] - means[c * dv + v];
                    diff[count * dv + v] = e;
                    var g = rv * e;
                    weighted[count * dv + v] = g;
                    f[v] += g;
                }
                count++;
            }
            if (count == 0) continue;
            lane.TileN[c] += n;
            BlockedProducts<T>.RankUpdate(lane.Left, diff, count, D, dv, second.Slice(c * d4 * dv, d4 * dv));
        }
    }

    public override void Flush(CpuLane<T> lane)
    {
        int d = D, dp = Dp, d4 = BlockedProducts<T>.RoundUp4(D);
        for (int c = 0; c < K; c++)
        {
            lane.N[c] += double.CreateTruncating(lane.TileN[c]);
            for (int i = 0; i < d; i++) lane.F[c * d + i] += double.CreateTruncating(lane.TileFirst[c * dp + i]);
            BlockedProducts<T>.AddUpperMirrored(lane.TileSecond.AsSpan(c * d4 * dp, d4 * dp), d, dp, lane.S.AsSpan(c * d * d, d * d));
        }
        Array.Clear(lane.TileN);
        Array.Clear(lane.TileFirst);
        Array.Clear(lane.TileSecond);
    }
}
