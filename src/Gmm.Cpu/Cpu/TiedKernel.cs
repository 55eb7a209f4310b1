using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Tied covariance: one precision Cholesky U (d×dp) for all components. y0 = x U once per point, then
/// ‖y0 − μ_k U‖² per component (scikit-learn's X@U − μ@U): d²/2 + k·d work per point instead of k·d²/2.
/// Statistics are taken about the center: S_t d4×dp Σ w x xᵀ (upper blocks, d4 = d rounded up to 4), F_t k×dp Σ w r x.
/// </summary>
internal sealed class TiedKernel<T> : CpuKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _cholesky;
    private readonly T[] _projectedMeans;

    public TiedKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _cholesky = new T[d * Dp];
        _projectedMeans = new T[k * Dp];
    }

    public override CpuLane<T> CreateLane(int tileRows) => new(tileRows, K, D, Covariance, K * Dp, BlockedProducts<T>.RoundUp4(D) * Dp);

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        int d = D;
        var u = model.PrecisionsCholeskyArray;
        Array.Clear(_cholesky);
        Array.Clear(_projectedMeans);
        for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++) _cholesky[j * Dp + i] = T.CreateTruncating(u[j * d + i]);
        var projected = new double[K * d];
        model.ProjectMeans(statistics.Center, projected);
        for (int c = 0; c < K; c++)
            for (int i = 0; i < d; i++) _projectedMeans[c * Dp + i] = T.CreateTruncating(projected[c * d + i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        int dv = Dp / Vector<T>.Count, rows4 = BlockedProducts<T>.RoundUp4(rows);
        var u = MemoryMarshal.Cast<T, Vector<T>>(_cholesky.AsSpan());
        var projected = MemoryMarshal.Cast<T, Vector<T>>(_projectedMeans.AsSpan());
        var y = MemoryMarshal.Cast<T, Vector<T>>(lane.Right.AsSpan());
        BlockedProducts<T>.UpperTriangularProduct(lane.X, u, rows4, D, dv, y);
        var lp = lane.Lp;
        var half = T.CreateTruncating(0.5);
        for (int b = 0; b < rows; b++)
        {
            for (int c = 0; c < K; c++)
            {
                var sum = Vector<T>.Zero;
                for (int v = 0; v < dv; v++)
                {
                    var e = y[b * dv + v] - projected[c * dv + v];
                    sum = VectorMath.MultiplyAdd(e, e, sum);
                }
                lp[b * Kp + c] = Constants[c] - half * Vector.Sum(sum);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int dv = Dp / Vector<T>.Count, dp = Dp;
        var x = MemoryMarshal.Cast<T, Vector<T>>(lane.X.AsSpan());
        var first = MemoryMarshal.Cast<T, Vector<T>>(lane.TileFirst.AsSpan());
        var second = MemoryMarshal.Cast<T, Vector<T>>(lane.TileSecond.AsSpan());
        var weighted = lane.Left.AsSpan();
        var lp = lane.Lp;
        int count = 0;
        for (int b = 0; b < rows; b++)
        {
            T weight = lane.Weights[b];
            if (weight == T.Zero) continue;
            for (int c = 0; c < K; c++)
            {
                T r = lp[b * Kp + c];
                if (r == T.Zero) continue;
                lane.TileN[c] += r;
                var rv = new Vector<T>(r);
                for (int v = 0; v < dv; v++) first[c * dv + v] = VectorMath.MultiplyAdd(rv, x[b * dv + v], first[c * dv + v]);
            }
            // Rank-update operands: weighted rows on the left, plain rows on the right (compacted).
            for (int j = 0; j < dp; j++) weighted[count * dp + j] = weight * lane.X[b * dp + j];
            if (count != b) lane.X.AsSpan(b * dp, dp).CopyTo(lane.X.AsSpan(count * dp, dp));
            count++;
        }
        BlockedProducts<T>.RankUpdate(lane.Left, x, count, D, dv, second);
    }

    public override void Flush(CpuLane<T> lane)
    {
        int d = D, dp = Dp;
        for (int c = 0; c < K; c++)
        {
            lane.N[c] += double.CreateTruncating(lane.TileN[c]);
            for (int i = 0; i < d; i++) lane.F[c * d + i] += double.CreateTruncating(lane.TileFirst[c * dp + i]);
        }
        BlockedProducts<T>.AddUpperMirrored(lane.TileSecond, d, dp, lane.S);
        Array.Clear(lane.TileN);
        Array.Clear(lane.TileFirst);
        Array.Clear(lane.TileSecond);
    }
}
