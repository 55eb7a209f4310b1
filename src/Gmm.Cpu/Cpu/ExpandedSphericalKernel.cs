using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>EXPERIMENT: spherical in the expanded form: lp = c + q‖μ‖² + q‖x‖² + x·(pμ); F = Rᵀx, S = Rᵀ‖x‖² about the center.</summary>
internal sealed class ExpandedSphericalKernel<T, TV> : SimdKernel<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    private readonly T[] _means;
    private readonly T[] _linear;
    private readonly T[] _offsets;
    private readonly T[] _quadratic;

    public ExpandedSphericalKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _means = new T[d * Kp];
        _linear = new T[d * Kp];
        _offsets = new T[Kp];
        _quadratic = new T[Kp];
    }

    public override CpuLane<T> CreateLane(int tileRows) => new(this, tileRows, D * Kp, Kp, tileRows);

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        Array.Clear(_means);
        Array.Clear(_linear);
        Array.Clear(_quadratic);
        var pc = model.PrecisionsCholeskyArray;
        for (int c = 0; c < Kp; c++)
        {
            if (c >= K) { _offsets[c] = T.NegativeInfinity; continue; }
            double offset = double.CreateTruncating(Constants[c]), p = pc[c] * pc[c];
            _quadratic[c] = T.CreateTruncating(-0.5 * p);
            for (int j = 0; j < D; j++)
            {
                T m = ShiftedMean(model, statistics, c, j);
                double mu = double.CreateTruncating(m);
                _means[j * Kp + c] = m;
                _linear[j * Kp + c] = T.CreateTruncating(p * mu);
                offset -= 0.5 * p * mu * mu;
            }
            _offsets[c] = T.CreateTruncating(offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void LogProbabilities(CpuLane<T> lane, int rows)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count, blocked = RoundUp(rows, RowBlock);
        ref T la = ref MemoryMarshal.GetArrayDataReference(_linear);
        ref T offsets = ref MemoryMarshal.GetArrayDataReference(_offsets);
        ref T quadratic = ref MemoryMarshal.GetArrayDataReference(_quadratic);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        for (int b = 0; b < blocked; b++)
        {
            var s = default(TV);
            for (int j = 0; j < dp; j += w) { var v = TV.Load(ref x, (nuint)(b * dp + j)); s = TV.MultiplyAdd(v, v, s); }
            Unsafe.Add(ref norms, b) = TV.Sum(s);
        }
        int v0 = 0;
        for (; v0 + 4 * w <= kp; v0 += 4 * w)
        {
            ref T cv = ref Unsafe.Add(ref offsets, v0);
            TV c0 = TV.Load(ref cv, 0), c1 = TV.Load(ref cv, (nuint)w), c2 = TV.Load(ref cv, (nuint)(2 * w)), c3 = TV.Load(ref cv, (nuint)(3 * w));
            ref T qv = ref Unsafe.Add(ref quadratic, v0);
            TV q0 = TV.Load(ref qv, 0), q1 = TV.Load(ref qv, (nuint)w), q2 = TV.Load(ref qv, (nuint)(2 * w)), q3 = TV.Load(ref qv, (nuint)(3 * w));
            for (int b = 0; b < blocked; b += 4)
            {
                TV a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
                TV a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
                ref T x0 = ref Unsafe.Add(ref x, b * dp);
                ref T l = ref Unsafe.Add(ref la, v0);
                for (int j = 0; j < d; j++)
                {
                    TV l0 = TV.Load(ref l, 0), l1 = TV.Load(ref l, (nuint)w), l2 = TV.Load(ref l, (nuint)(2 * w)), l3 = TV.Load(ref l, (nuint)(3 * w));
                    var xv = TV.Create(x0);
                    a00 = TV.MultiplyAdd(xv, l0, a00); a01 = TV.MultiplyAdd(xv, l1, a01); a02 = TV.MultiplyAdd(xv, l2, a02); a03 = TV.MultiplyAdd(xv, l3, a03);
                    xv = TV.Create(Unsafe.Add(ref x0, dp));
                    a10 = TV.MultiplyAdd(xv, l0, a10); a11 = TV.MultiplyAdd(xv, l1, a11); a12 = TV.MultiplyAdd(xv, l2, a12); a13 = TV.MultiplyAdd(xv, l3, a13);
                    xv = TV.Create(Unsafe.Add(ref x0, 2 * dp));
                    a20 = TV.MultiplyAdd(xv, l0, a20); a21 = TV.MultiplyAdd(xv, l1, a21); a22 = TV.MultiplyAdd(xv, l2, a22); a23 = TV.MultiplyAdd(xv, l3, a23);
                    xv = TV.Create(Unsafe.Add(ref x0, 3 * dp));
                    a30 = TV.MultiplyAdd(xv, l0, a30); a31 = TV.MultiplyAdd(xv, l1, a31); a32 = TV.MultiplyAdd(xv, l2, a32); a33 = TV.MultiplyAdd(xv, l3, a33);
                    x0 = ref Unsafe.Add(ref x0, 1);
                    l = ref Unsafe.Add(ref l, kp);
                }
                nuint o = (nuint)(b * kp + v0), row = (nuint)kp, w1 = (nuint)w, w2 = (nuint)(2 * w), w3 = (nuint)(3 * w);
                var n = TV.Create(Unsafe.Add(ref norms, b));
                (TV.MultiplyAdd(q0, n, c0) + a00).Store(ref lp, o); (TV.MultiplyAdd(q1, n, c1) + a01).Store(ref lp, o + w1);
                (TV.MultiplyAdd(q2, n, c2) + a02).Store(ref lp, o + w2); (TV.MultiplyAdd(q3, n, c3) + a03).Store(ref lp, o + w3);
                o += row; n = TV.Create(Unsafe.Add(ref norms, b + 1));
                (TV.MultiplyAdd(q0, n, c0) + a10).Store(ref lp, o); (TV.MultiplyAdd(q1, n, c1) + a11).Store(ref lp, o + w1);
                (TV.MultiplyAdd(q2, n, c2) + a12).Store(ref lp, o + w2); (TV.MultiplyAdd(q3, n, c3) + a13).Store(ref lp, o + w3);
                o += row; n = TV.Create(Unsafe.Add(ref norms, b + 2));
                (TV.MultiplyAdd(q0, n, c0) + a20).Store(ref lp, o); (TV.MultiplyAdd(q1, n, c1) + a21).Store(ref lp, o + w1);
                (TV.MultiplyAdd(q2, n, c2) + a22).Store(ref lp, o + w2); (TV.MultiplyAdd(q3, n, c3) + a23).Store(ref lp, o + w3);
                o += row; n = TV.Create(Unsafe.Add(ref norms, b + 3));
                (TV.MultiplyAdd(q0, n, c0) + a30).Store(ref lp, o); (TV.MultiplyAdd(q1, n, c1) + a31).Store(ref lp, o + w1);
                (TV.MultiplyAdd(q2, n, c2) + a32).Store(ref lp, o + w2); (TV.MultiplyAdd(q3, n, c3) + a33).Store(ref lp, o + w3);
            }
        }
        for (; v0 < kp; v0 += w)
        {
            TV c = TV.Load(ref offsets, (nuint)v0), q = TV.Load(ref quadratic, (nuint)v0);
            for (int b = 0; b < blocked; b++)
            {
                var a = TV.MultiplyAdd(q, TV.Create(Unsafe.Add(ref norms, b)), c);
                for (int j = 0; j < d; j++)
                    a = TV.MultiplyAdd(TV.Create(Unsafe.Add(ref x, b * dp + j)), TV.Load(ref la, (nuint)(j * kp + v0)), a);
                a.Store(ref lp, (nuint)(b * kp + v0));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count;
        ref T resp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T second = ref MemoryMarshal.GetArrayDataReference(lane.TileSecond);
        ref T tileN = ref MemoryMarshal.GetArrayDataReference(lane.TileN);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T norms = ref MemoryMarshal.GetArrayDataReference(lane.Scratch);
        for (int v = 0; v < kp; v += w)
        {
            var n = TV.Load(ref tileN, (nuint)v);
            var s = TV.Load(ref second, (nuint)v);
            for (int b = 0; b < rows; b++)
            {
                var r = TV.Load(ref resp, (nuint)(b * kp + v));
                n += r;
                s = TV.MultiplyAdd(r, TV.Create(Unsafe.Add(ref norms, b)), s);
            }
            n.Store(ref tileN, (nuint)v);
            s.Store(ref second, (nuint)v);
        }
        int v0 = 0;
        for (; v0 + 4 * w <= kp; v0 += 4 * w)
        {
            int j = 0;
            for (; j + 2 <= d; j += 2)
            {
                nuint o = (nuint)(j * kp + v0), o1 = o + (nuint)w, o2 = o + (nuint)(2 * w), o3 = o + (nuint)(3 * w), k1 = (nuint)kp;
                TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o1), f2 = TV.Load(ref first, o2), f3 = TV.Load(ref first, o3);
                TV g0 = TV.Load(ref first, o + k1), g1 = TV.Load(ref first, o1 + k1), g2 = TV.Load(ref first, o2 + k1), g3 = TV.Load(ref first, o3 + k1);
                ref T xj = ref Unsafe.Add(ref x, j);
                ref T r = ref Unsafe.Add(ref resp, v0);
                for (int b = 0; b < rows; b++)
                {
                    TV xv = TV.Create(xj), yv = TV.Create(Unsafe.Add(ref xj, 1));
                    TV r0 = TV.Load(ref r, 0), r1 = TV.Load(ref r, (nuint)w), r2 = TV.Load(ref r, (nuint)(2 * w)), r3 = TV.Load(ref r, (nuint)(3 * w));
                    f0 = TV.MultiplyAdd(r0, xv, f0); f1 = TV.MultiplyAdd(r1, xv, f1); f2 = TV.MultiplyAdd(r2, xv, f2); f3 = TV.MultiplyAdd(r3, xv, f3);
                    g0 = TV.MultiplyAdd(r0, yv, g0); g1 = TV.MultiplyAdd(r1, yv, g1); g2 = TV.MultiplyAdd(r2, yv, g2); g3 = TV.MultiplyAdd(r3, yv, g3);
                    xj = ref Unsafe.Add(ref xj, dp);
                    r = ref Unsafe.Add(ref r, kp);
                }
                f0.Store(ref first, o); f1.Store(ref first, o1); f2.Store(ref first, o2); f3.Store(ref first, o3);
                g0.Store(ref first, o + k1); g1.Store(ref first, o1 + k1); g2.Store(ref first, o2 + k1); g3.Store(ref first, o3 + k1);
            }
            for (; j < d; j++)
                for (int v = v0; v < v0 + 4 * w; v += w)
                {
                    nuint o = (nuint)(j * kp + v);
                    var f = TV.Load(ref first, o);
                    for (int b = 0; b < rows; b++) f = TV.MultiplyAdd(TV.Load(ref resp, (nuint)(b * kp + v)), TV.Create(Unsafe.Add(ref x, b * dp + j)), f);
                    f.Store(ref first, o);
                }
        }
        for (; v0 < kp; v0 += w)
            for (int j = 0; j < d; j++)
            {
                nuint o = (nuint)(j * kp + v0);
                var f = TV.Load(ref first, o);
                for (int b = 0; b < rows; b++) f = TV.MultiplyAdd(TV.Load(ref resp, (nuint)(b * kp + v0)), TV.Create(Unsafe.Add(ref x, b * dp + j)), f);
                f.Store(ref first, o);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Publish(CpuLane<T> lane)
    {
        int d = D, kp = Kp;
        for (int c = 0; c < K; c++)
        {
            double n = lane.WideN[c], s = lane.WideSecond[c];
            lane.N[c] += n;
            for (int j = 0; j < d; j++)
            {
                double mu = double.CreateTruncating(_means[j * kp + c]), f = lane.WideFirst[j * kp + c];
                lane.F[c * d + j] += f - mu * n;
                s += -2 * mu * f + mu * mu * n;
            }
            lane.S[c] += s;
        }
        Array.Clear(lane.WideN);
        Array.Clear(lane.WideFirst);
        Array.Clear(lane.WideSecond);
    }
}
