using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

/// <summary>EXPERIMENT: diag in the expanded form x²·a + x·b + c; F = Rᵀx, S = Rᵀx² about the center.</summary>
internal sealed class ExpandedDiagonalKernel<T, TV> : SimdKernel<T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct, ISimd<TV, T>
{
    private readonly T[] _means;
    private readonly T[] _quadratic;
    private readonly T[] _linear;
    private readonly T[] _offsets;

    public ExpandedDiagonalKernel(int k, int d, CovarianceDefinition covariance) : base(k, d, covariance)
    {
        _means = new T[d * Kp];
        _quadratic = new T[d * Kp];
        _linear = new T[d * Kp];
        _offsets = new T[Kp];
    }

    public override CpuLane<T> CreateLane(int tileRows) => new(this, tileRows, D * Kp, D * Kp);

    protected override void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        Array.Clear(_means);
        Array.Clear(_quadratic);
        Array.Clear(_linear);
        var pc = model.PrecisionsCholeskyArray;
        for (int c = 0; c < Kp; c++)
        {
            if (c >= K) { _offsets[c] = T.NegativeInfinity; continue; }
            double offset = double.CreateTruncating(Constants[c]);
            for (int j = 0; j < D; j++)
            {
                T m = ShiftedMean(model, statistics, c, j);
                double mu = double.CreateTruncating(m), p = pc[c * D + j] * pc[c * D + j];
                _means[j * Kp + c] = m;
                _quadratic[j * Kp + c] = T.CreateTruncating(-0.5 * p);
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
        ref T qa = ref MemoryMarshal.GetArrayDataReference(_quadratic);
        ref T la = ref MemoryMarshal.GetArrayDataReference(_linear);
        ref T offsets = ref MemoryMarshal.GetArrayDataReference(_offsets);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        int v0 = 0;
        for (; v0 + 4 * w <= kp; v0 += 4 * w)
        {
            ref T cv = ref Unsafe.Add(ref offsets, v0);
            TV c0 = TV.Load(ref cv, 0), c1 = TV.Load(ref cv, (nuint)w), c2 = TV.Load(ref cv, (nuint)(2 * w)), c3 = TV.Load(ref cv, (nuint)(3 * w));
            for (int b = 0; b < blocked; b += 4)
            {
                TV a00 = c0, a01 = c1, a02 = c2, a03 = c3, a10 = c0, a11 = c1, a12 = c2, a13 = c3;
                TV a20 = c0, a21 = c1, a22 = c2, a23 = c3, a30 = c0, a31 = c1, a32 = c2, a33 = c3;
                ref T x0 = ref Unsafe.Add(ref x, b * dp);
                ref T q = ref Unsafe.Add(ref qa, v0);
                ref T l = ref Unsafe.Add(ref la, v0);
                for (int j = 0; j < d; j++)
                {
                    TV q0 = TV.Load(ref q, 0), q1 = TV.Load(ref q, (nuint)w), q2 = TV.Load(ref q, (nuint)(2 * w)), q3 = TV.Load(ref q, (nuint)(3 * w));
                    TV l0 = TV.Load(ref l, 0), l1 = TV.Load(ref l, (nuint)w), l2 = TV.Load(ref l, (nuint)(2 * w)), l3 = TV.Load(ref l, (nuint)(3 * w));
                    var xv = TV.Create(x0); var xs = xv * xv;
                    Term(xv, xs, q0, l0, ref a00); Term(xv, xs, q1, l1, ref a01); Term(xv, xs, q2, l2, ref a02); Term(xv, xs, q3, l3, ref a03);
                    xv = TV.Create(Unsafe.Add(ref x0, dp)); xs = xv * xv;
                    Term(xv, xs, q0, l0, ref a10); Term(xv, xs, q1, l1, ref a11); Term(xv, xs, q2, l2, ref a12); Term(xv, xs, q3, l3, ref a13);
                    xv = TV.Create(Unsafe.Add(ref x0, 2 * dp)); xs = xv * xv;
                    Term(xv, xs, q0, l0, ref a20); Term(xv, xs, q1, l1, ref a21); Term(xv, xs, q2, l2, ref a22); Term(xv, xs, q3, l3, ref a23);
                    xv = TV.Create(Unsafe.Add(ref x0, 3 * dp)); xs = xv * xv;
                    Term(xv, xs, q0, l0, ref a30); Term(xv, xs, q1, l1, ref a31); Term(xv, xs, q2, l2, ref a32); Term(xv, xs, q3, l3, ref a33);
                    x0 = ref Unsafe.Add(ref x0, 1);
                    q = ref Unsafe.Add(ref q, kp);
                    l = ref Unsafe.Add(ref l, kp);
                }
                nuint o = (nuint)(b * kp + v0), row = (nuint)kp, w1 = (nuint)w, w2 = (nuint)(2 * w), w3 = (nuint)(3 * w);
                a00.Store(ref lp, o); a01.Store(ref lp, o + w1); a02.Store(ref lp, o + w2); a03.Store(ref lp, o + w3);
                o += row;
                a10.Store(ref lp, o); a11.Store(ref lp, o + w1); a12.Store(ref lp, o + w2); a13.Store(ref lp, o + w3);
                o += row;
                a20.Store(ref lp, o); a21.Store(ref lp, o + w1); a22.Store(ref lp, o + w2); a23.Store(ref lp, o + w3);
                o += row;
                a30.Store(ref lp, o); a31.Store(ref lp, o + w1); a32.Store(ref lp, o + w2); a33.Store(ref lp, o + w3);
            }
        }
        for (; v0 < kp; v0 += w)
        {
            var c = TV.Load(ref offsets, (nuint)v0);
            for (int b = 0; b < blocked; b++)
            {
                var a = c;
                for (int j = 0; j < d; j++)
                {
                    var xv = TV.Create(Unsafe.Add(ref x, b * dp + j));
                    Term(xv, xv * xv, TV.Load(ref qa, (nuint)(j * kp + v0)), TV.Load(ref la, (nuint)(j * kp + v0)), ref a);
                }
                a.Store(ref lp, (nuint)(b * kp + v0));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Term(TV x, TV square, TV quadratic, TV linear, ref TV accumulator) =>
        accumulator = TV.MultiplyAdd(x, linear, TV.MultiplyAdd(square, quadratic, accumulator));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void AccumulateTile(CpuLane<T> lane, int rows)
    {
        int kp = Kp, d = D, dp = Dp, w = TV.Count;
        ref T resp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref T first = ref MemoryMarshal.GetArrayDataReference(lane.TileFirst);
        ref T second = ref MemoryMarshal.GetArrayDataReference(lane.TileSecond);
        ref T tileN = ref MemoryMarshal.GetArrayDataReference(lane.TileN);
        ref T x = ref MemoryMarshal.GetArrayDataReference(lane.X);
        for (int v = 0; v < kp; v += w)
        {
            var n = TV.Load(ref tileN, (nuint)v);
            for (int b = 0; b < rows; b++) n += TV.Load(ref resp, (nuint)(b * kp + v));
            n.Store(ref tileN, (nuint)v);
        }
        int v0 = 0;
        for (; v0 + 4 * w <= kp; v0 += 4 * w)
        {
            for (int j = 0; j < d; j++)
            {
                nuint o = (nuint)(j * kp + v0), o1 = o + (nuint)w, o2 = o + (nuint)(2 * w), o3 = o + (nuint)(3 * w);
                TV f0 = TV.Load(ref first, o), f1 = TV.Load(ref first, o1), f2 = TV.Load(ref first, o2), f3 = TV.Load(ref first, o3);
                TV s0 = TV.Load(ref second, o), s1 = TV.Load(ref second, o1), s2 = TV.Load(ref second, o2), s3 = TV.Load(ref second, o3);
                ref T xj = ref Unsafe.Add(ref x, j);
                ref T r = ref Unsafe.Add(ref resp, v0);
                for (int b = 0; b < rows; b++)
                {
                    var xv = TV.Create(xj); var xs = xv * xv;
                    TV r0 = TV.Load(ref r, 0), r1 = TV.Load(ref r, (nuint)w), r2 = TV.Load(ref r, (nuint)(2 * w)), r3 = TV.Load(ref r, (nuint)(3 * w));
                    f0 = TV.MultiplyAdd(r0, xv, f0); s0 = TV.MultiplyAdd(r0, xs, s0);
                    f1 = TV.MultiplyAdd(r1, xv, f1); s1 = TV.MultiplyAdd(r1, xs, s1);
                    f2 = TV.MultiplyAdd(r2, xv, f2); s2 = TV.MultiplyAdd(r2, xs, s2);
                    f3 = TV.MultiplyAdd(r3, xv, f3); s3 = TV.MultiplyAdd(r3, xs, s3);
                    xj = ref Unsafe.Add(ref xj, dp);
                    r = ref Unsafe.Add(ref r, kp);
                }
                f0.Store(ref first, o); f1.Store(ref first, o1); f2.Store(ref first, o2); f3.Store(ref first, o3);
                s0.Store(ref second, o); s1.Store(ref second, o1); s2.Store(ref second, o2); s3.Store(ref second, o3);
            }
        }
        for (; v0 < kp; v0 += w)
            for (int j = 0; j < d; j++)
            {
                nuint o = (nuint)(j * kp + v0);
                TV f0 = TV.Load(ref first, o), s0 = TV.Load(ref second, o);
                for (int b = 0; b < rows; b++)
                {
                    var xv = TV.Create(Unsafe.Add(ref x, b * dp + j));
                    var r0 = TV.Load(ref resp, (nuint)(b * kp + v0));
                    f0 = TV.MultiplyAdd(r0, xv, f0); s0 = TV.MultiplyAdd(r0, xv * xv, s0);
                }
                f0.Store(ref first, o); s0.Store(ref second, o);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Publish(CpuLane<T> lane)
    {
        int d = D, kp = Kp;
        for (int c = 0; c < K; c++)
        {
            double n = lane.WideN[c];
            lane.N[c] += n;
            for (int j = 0; j < d; j++)
            {
                double mu = double.CreateTruncating(_means[j * kp + c]), f = lane.WideFirst[j * kp + c];
                lane.F[c * d + j] += f - mu * n;
                lane.S[c * d + j] += lane.WideSecond[j * kp + c] - 2 * mu * f + mu * mu * n;
            }
        }
        Array.Clear(lane.WideN);
        Array.Clear(lane.WideFirst);
        Array.Clear(lane.WideSecond);
    }
}
