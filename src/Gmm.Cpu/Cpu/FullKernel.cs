using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Full covariances. Layout: U_k (precision Cholesky, upper) k×d×dp, row j holding columns vectorised; shifted means
/// k×dp. Mahalanobis term ‖(x − μ_k) U_k‖², only the vector blocks at or right of the diagonal are touched.
/// Tile accumulators: F_t k×dp, S_t k×d×dp (upper blocks; mirrored on flush).
/// </summary>
internal sealed class FullKernel<T> : CpuKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _cholesky;
    private readonly T[] _means;

    public FullKernel(int k, int d) : base(k, d, CovarianceType.Full)
    {
        _cholesky = new T[k * d * Dp];
        _means = new T[k * Dp];
    }

    public override CpuLane<T> CreateLane(int tileRows) => new(tileRows, K, D, Type, K * Dp, K * D * Dp);

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
        int w = Vector<T>.Count, dv = Dp / w, d = D, dp = Dp;
        var u = MemoryMarshal.Cast<T, Vector<T>>(_cholesky.AsSpan());
        var means = MemoryMarshal.Cast<T, Vector<T>>(_means.AsSpan());
        var x = MemoryMarshal.Cast<T, Vector<T>>(lane.X.AsSpan());
        var scratch = lane.Scratch.AsSpan();
        var diff = scratch[..dp];
        var diffV = MemoryMarshal.Cast<T, Vector<T>>(diff);
        var y = MemoryMarshal.Cast<T, Vector<T>>(scratch.Slice(dp, dp));
        var lp = lane.Lp;
        for (int c = 0; c < K; c++)
        {
            var constant = Constants[c];
            for (int b = 0; b < rows; b++)
            {
                for (int v = 0; v < dv; v++)
                {
                    diffV[v] = x[b * dv + v] - means[c * dv + v];
                    y[v] = Vector<T>.Zero;
                }
                for (int j = 0; j < d; j++)
                {
                    var dj = new Vector<T>(diff[j]);
                    int row = (c * d + j) * dv;
                    for (int v = j / w; v < dv; v++) y[v] = VectorMath.MultiplyAdd(dj, u[row + v], y[v]);
                }
                var sum = Vector<T>.Zero;
                for (int v = 0; v < dv; v++) sum = VectorMath.MultiplyAdd(y[v], y[v], sum);
                lp[b * Kp + c] = constant - T.CreateTruncating(0.5) * Vector.Sum(sum);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int w = Vector<T>.Count, dv = Dp / w, d = D, dp = Dp;
        var means = MemoryMarshal.Cast<T, Vector<T>>(_means.AsSpan());
        var x = MemoryMarshal.Cast<T, Vector<T>>(lane.X.AsSpan());
        var first = MemoryMarshal.Cast<T, Vector<T>>(lane.TileFirst.AsSpan());
        var second = MemoryMarshal.Cast<T, Vector<T>>(lane.TileSecond.AsSpan());
        var scratch = lane.Scratch.AsSpan();
        var diffV = MemoryMarshal.Cast<T, Vector<T>>(scratch[..dp]);
        var rd = scratch.Slice(dp, dp);
        var rdV = MemoryMarshal.Cast<T, Vector<T>>(rd);
        var lp = lane.Lp;
        for (int c = 0; c < K; c++)
        {
            T n = T.Zero;
            for (int b = 0; b < rows; b++)
            {
                T r = lp[b * Kp + c];
                if (r == T.Zero) continue;
                n += r;
                var rv = new Vector<T>(r);
                for (int v = 0; v < dv; v++)
                {
                    var dlt = x[b * dv + v] - means[c * dv + v];
                    diffV[v] = dlt;
                    var weighted = rv * dlt;
                    rdV[v] = weighted;
                    first[c * dv + v] += weighted;
                }
                for (int i = 0; i < d; i++)
                {
                    var ri = new Vector<T>(rd[i]);
                    int row = (c * d + i) * dv;
                    for (int v = i / w; v < dv; v++) second[row + v] = VectorMath.MultiplyAdd(ri, diffV[v], second[row + v]);
                }
            }
            lane.TileN[c] += n;
        }
    }

    public override void Flush(CpuLane<T> lane)
    {
        int d = D, dp = Dp;
        for (int c = 0; c < K; c++)
        {
            lane.N[c] += double.CreateTruncating(lane.TileN[c]);
            for (int i = 0; i < d; i++)
            {
                lane.F[c * d + i] += double.CreateTruncating(lane.TileFirst[c * dp + i]);
                for (int j = i; j < d; j++)
                {
                    double value = double.CreateTruncating(lane.TileSecond[(c * d + i) * dp + j]);
                    lane.S[(c * d + i) * d + j] += value;
                    if (j != i) lane.S[(c * d + j) * d + i] += value;
                }
            }
        }
        Array.Clear(lane.TileN);
        Array.Clear(lane.TileFirst);
        Array.Clear(lane.TileSecond);
    }
}
