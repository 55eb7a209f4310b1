using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>
/// Diagonal and spherical covariances, vectorised across components; <typeparamref name="TLayout"/> says at compile time
/// whether the second-order sums are per feature (diag) or summed over the features (spherical).
/// Layout: means and precisions d×kp (feature-major, so one vector holds one feature of W components);
/// tile accumulators F_t, S_t d×kp (spherical S_t: kp).
/// log N = c_k − ½ Σ_j (x_j − μ_kj)² p_kj with p = 1/σ².
/// </summary>
internal sealed class DiagonalKernel<T, TLayout> : CpuKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLayout : struct, IVarianceLayout
{
    private readonly T[] _means;
    private readonly T[] _precisions;

    public DiagonalKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _means = new T[d * Kp];
        _precisions = new T[d * Kp];
    }

    public override CpuLane<T> CreateLane(int tileRows) =>
        new(tileRows, K, D, Covariance, D * Kp, TLayout.Spherical ? Kp : D * Kp);

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        Array.Clear(_means);
        Array.Clear(_precisions);
        var pc = model.PrecisionsCholeskyArray;
        for (int c = 0; c < K; c++)
            for (int j = 0; j < D; j++)
            {
                double p = TLayout.Spherical ? pc[c] : pc[c * D + j];
                _means[j * Kp + c] = ShiftedMean(model, statistics, c, j);
                _precisions[j * Kp + c] = T.CreateTruncating(p * p);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        var means = MemoryMarshal.Cast<T, Vector<T>>(_means.AsSpan());
        var precisions = MemoryMarshal.Cast<T, Vector<T>>(_precisions.AsSpan());
        var constants = MemoryMarshal.Cast<T, Vector<T>>(Constants.AsSpan());
        var lp = MemoryMarshal.Cast<T, Vector<T>>(lane.Lp.AsSpan());
        var x = lane.X;
        int kv = Kp / Vector<T>.Count, d = D, dp = Dp;
        var minusHalf = new Vector<T>(T.CreateTruncating(-0.5));
        for (int b = 0; b < rows; b++)
        {
            var row = x.AsSpan(b * dp, d);
            int v = 0;
            for (; v + 4 <= kv; v += 4)
            {
                Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
                for (int j = 0; j < d; j++)
                {
                    var xv = new Vector<T>(row[j]);
                    int o = j * kv + v;
                    var d0 = xv - means[o]; a0 = VectorMath.MultiplyAdd(d0 * precisions[o], d0, a0);
                    var d1 = xv - means[o + 1]; a1 = VectorMath.MultiplyAdd(d1 * precisions[o + 1], d1, a1);
                    var d2 = xv - means[o + 2]; a2 = VectorMath.MultiplyAdd(d2 * precisions[o + 2], d2, a2);
                    var d3 = xv - means[o + 3]; a3 = VectorMath.MultiplyAdd(d3 * precisions[o + 3], d3, a3);
                }
                int r = b * kv + v;
                lp[r] = VectorMath.MultiplyAdd(a0, minusHalf, constants[v]);
                lp[r + 1] = VectorMath.MultiplyAdd(a1, minusHalf, constants[v + 1]);
                lp[r + 2] = VectorMath.MultiplyAdd(a2, minusHalf, constants[v + 2]);
                lp[r + 3] = VectorMath.MultiplyAdd(a3, minusHalf, constants[v + 3]);
            }
            for (; v < kv; v++)
            {
                Vector<T> a0 = Vector<T>.Zero;
                for (int j = 0; j < d; j++)
                {
                    var d0 = new Vector<T>(row[j]) - means[j * kv + v];
                    a0 = VectorMath.MultiplyAdd(d0 * precisions[j * kv + v], d0, a0);
                }
                lp[b * kv + v] = VectorMath.MultiplyAdd(a0, minusHalf, constants[v]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        var means = MemoryMarshal.Cast<T, Vector<T>>(_means.AsSpan());
        var resp = MemoryMarshal.Cast<T, Vector<T>>(lane.Lp.AsSpan());
        var first = MemoryMarshal.Cast<T, Vector<T>>(lane.TileFirst.AsSpan());
        var second = MemoryMarshal.Cast<T, Vector<T>>(lane.TileSecond.AsSpan());
        var tileN = MemoryMarshal.Cast<T, Vector<T>>(lane.TileN.AsSpan());
        var x = lane.X;
        int kv = Kp / Vector<T>.Count, d = D, dp = Dp;
        for (int v = 0; v < kv; v++)
        {
            var n = tileN[v];
            for (int b = 0; b < rows; b++) n += resp[b * kv + v];
            tileN[v] = n;
        }
        // Four component vectors at a time: independent accumulator chains keep the FMA units busy.
        int v0 = 0;
        for (; v0 + 4 <= kv; v0 += 4)
        {
            Vector<T> q0 = Vector<T>.Zero, q1 = Vector<T>.Zero, q2 = Vector<T>.Zero, q3 = Vector<T>.Zero;
            for (int j = 0; j < d; j++)
            {
                int o = j * kv + v0;
                Vector<T> m0 = means[o], m1 = means[o + 1], m2 = means[o + 2], m3 = means[o + 3];
                Vector<T> f0 = first[o], f1 = first[o + 1], f2 = first[o + 2], f3 = first[o + 3];
                Vector<T> s0, s1, s2, s3;
                if (TLayout.Spherical) { s0 = q0; s1 = q1; s2 = q2; s3 = q3; }
                else { s0 = second[o]; s1 = second[o + 1]; s2 = second[o + 2]; s3 = second[o + 3]; }
                ref T xj = ref x[j];
                ref Vector<T> rb = ref resp[v0];
                for (int b = 0; b < rows; b++)
                {
                    var xv = new Vector<T>(Unsafe.Add(ref xj, b * dp));
                    ref Vector<T> r = ref Unsafe.Add(ref rb, b * kv);
                    var e0 = xv - m0; var g0 = r * e0; f0 += g0; s0 = VectorMath.MultiplyAdd(g0, e0, s0);
                    var e1 = xv - m1; var g1 = Unsafe.Add(ref r, 1) * e1; f1 += g1; s1 = VectorMath.MultiplyAdd(g1, e1, s1);
                    var e2 = xv - m2; var g2 = Unsafe.Add(ref r, 2) * e2; f2 += g2; s2 = VectorMath.MultiplyAdd(g2, e2, s2);
                    var e3 = xv - m3; var g3 = Unsafe.Add(ref r, 3) * e3; f3 += g3; s3 = VectorMath.MultiplyAdd(g3, e3, s3);
                }
                first[o] = f0; first[o + 1] = f1; first[o + 2] = f2; first[o + 3] = f3;
                if (TLayout.Spherical) { q0 = s0; q1 = s1; q2 = s2; q3 = s3; }
                else { second[o] = s0; second[o + 1] = s1; second[o + 2] = s2; second[o + 3] = s3; }
            }
            if (TLayout.Spherical) { second[v0] += q0; second[v0 + 1] += q1; second[v0 + 2] += q2; second[v0 + 3] += q3; }
        }
        for (int v = v0; v < kv; v++)
        {
            var sphere = Vector<T>.Zero;
            for (int j = 0; j < d; j++)
            {
                var mean = means[j * kv + v];
                var f = first[j * kv + v];
                var s = TLayout.Spherical ? sphere : second[j * kv + v];
                for (int b = 0; b < rows; b++)
                {
                    var diff = new Vector<T>(x[b * dp + j]) - mean;
                    var rd = resp[b * kv + v] * diff;
                    f += rd;
                    s = VectorMath.MultiplyAdd(rd, diff, s);
                }
                first[j * kv + v] = f;
                if (TLayout.Spherical) sphere = s; else second[j * kv + v] = s;
            }
            if (TLayout.Spherical) second[v] += sphere;
        }
    }

    public override void Flush(CpuLane<T> lane)
    {
        int d = D;
        for (int c = 0; c < K; c++)
        {
            lane.N[c] += double.CreateTruncating(lane.TileN[c]);
            for (int j = 0; j < d; j++)
            {
                lane.F[c * d + j] += double.CreateTruncating(lane.TileFirst[j * Kp + c]);
                if (!TLayout.Spherical) lane.S[c * d + j] += double.CreateTruncating(lane.TileSecond[j * Kp + c]);
            }
            if (TLayout.Spherical) lane.S[c] += double.CreateTruncating(lane.TileSecond[c]);
        }
        Array.Clear(lane.TileN);
        Array.Clear(lane.TileFirst);
        Array.Clear(lane.TileSecond);
    }
}
