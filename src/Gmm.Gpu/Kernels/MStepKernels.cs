// The M-step on the device: float64 statistics → the next model in float64, and that model in the E-step kernels'
// layouts (T), so that an EM iteration sends only scalars to the host. Every kernel mirrors MaximumLikelihoodStep.Estimate (and the host
// upload in DeviceParameters) operation by operation, so both M-steps agree to rounding. A degenerate case (an empty
// component, a collapsed or not positive-definite covariance) only counts a flag: the host then reruns the M-step on
// the downloaded statistics, which drops, regularises and warns exactly as for every other backend.
// On a GPU, ptxas contracts the float64 multiply-adds into FMAs, so the device rounds differently from the host in the
// last bits: every test against a threshold therefore flags a margin around it (relative 1e-9 of the threshold plus
// 1e-12 of the magnitudes involved), and the host decides those cases exactly as MaximumLikelihoodStep.Estimate does.
// Shapes: n = [N_0 … N_{k−1}, Σ w log p, Σ w, flags] (k + 3), f k×d, s (full k×d×d, tied d×d, diag and spherical k×d
// per-feature sums); weights k, meansD k×d, deltas k×d (F/N_k), cov shaped like the model's covariances; reference k×d
// (the rows the statistics were taken about), centerD d; scratch 2·d² per factor (L, then X = L⁻¹, both lower,
// row-major); logDet k.
// Kernel layouts as in DeviceParameters: means d×kp (diag, spherical; tied: projected), k×d (full); center d.
// Compile-time mode: TKind, the covariance type (kernels that do not depend on it take none).
using System.Numerics;
using ILGPU;
using ILGPU.Algorithms;
using static Gmm.Gpu.Kernels.KernelGeometry;

namespace Gmm.Gpu.Kernels;

/// <summary>Statistics → model on the device, in five launches (moments, tied covariance, factor, center, layout).</summary>
internal static class MStepKernels<T, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IRealOps<T>
{
    private const double NkEpsilon = MaximumLikelihoodStep.ComponentWeightEpsilon; // the host M-step's (scikit-learn's 10·eps)
    private const double Margin = 1e-9, Rounding = 1e-12; // see the header

    /// <summary>
    /// Grid k (component Grid.IdxX): weights, means (reference + F/N_k) and, except tied, the regularised covariance;
    /// the reference rows and center the statistics were taken about (for a host rerun).
    /// </summary>
    public static void Moments<TKind>(MStepArgs a, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s,
        ArrayView<T> means, ArrayView<T> center, ArrayView<double> reference, ArrayView<double> centerD,
        ArrayView<double> weights, ArrayView<double> meansD, ArrayView<double> deltas, ArrayView<double> cov)
        where TKind : struct, ICovarianceKind
    {
        var type = default(TKind).Type;
        int c = Grid.IdxX, t = Group.IdxX, k = a.K, d = a.D;
        var ops = default(TOps);
        var shared = SharedMemory.Allocate<double>(1);
        double emptyBelow = MaximumLikelihoodStep.EmptyComponentFraction * n[k + 1] / XMath.Max(a.PointCount, 1.0);
        if (t == 0) shared[0] = NkSum(n, k);
        Group.Barrier();
        double nkSum = shared[0];
        double raw = n[c], nk = raw + NkEpsilon;
        if (t == 0)
        {
            if (!(raw >= emptyBelow * (1 + Margin) && IsFinite(raw))) Atomic.Add(ref n[k + 2], 1.0);
            weights[c] = nk / nkSum;
        }
        for (int j = t; j < d; j += MStepGroupSize)
        {
            double origin = ops.ToDouble(center[j]);
            if (c == 0) centerD[j] = origin;
            double shift = type == CovarianceType.Tied ? 0.0 : ops.ToDouble(type == CovarianceType.Full ? means[c * d + j] : means[j * a.Kp + c]);
            double r = origin + shift, delta = f[c * d + j] / nk, mean = r + delta;
            reference[c * d + j] = r;
            deltas[c * d + j] = delta;
            meansD[c * d + j] = mean;
            if (!IsFinite(mean)) Atomic.Add(ref n[k + 2], 1.0);
        }
        if (type == CovarianceType.Full) FullCovariance(a, n, f, s, cov, c, nk);
        else if (type == CovarianceType.Spherical)
        {
            if (t == 0)
            {
                double second = 0, squared = 0;
                for (int j = 0; j < d; j++) second += s[c * d + j];
                for (int j = 0; j < d; j++)
                {
                    double delta = f[c * d + j] / nk;
                    squared += delta * delta;
                }
                cov[c] = FinishVariance(a, n, (second / nk - squared) / d, second / nk / d);
            }
        }
        else if (type == CovarianceType.Diagonal)
            for (int j = t; j < d; j += MStepGroupSize)
            {
                double delta = f[c * d + j] / nk;
                cov[c * d + j] = FinishVariance(a, n, s[c * d + j] / nk - delta * delta, s[c * d + j] / nk);
            }
    }

    /// <summary>
    /// VarianceCovariance.FinishVariances (the host M-step) for one variance (<paramref name="scale"/>: the second moment it was computed from); a
    /// collapse, a non-positive or non-finite result, or one within rounding of those raises the flag.
    /// </summary>
    private static double FinishVariance(in MStepArgs a, ArrayView<double> n, double variance, double scale)
    {
        double v = variance + a.Regularization;
        double floor = a.Regularization * 1e-3;
        if (!(variance > floor * (1 + Margin) + Rounding * XMath.Abs(scale)) || !(v > 0) || !IsFinite(v)) Atomic.Add(ref n[a.K + 2], 1.0);
        return v;
    }

    /// <summary>cov_c = ½(S + Sᵀ)/N_k − δδᵀ, its trace checked for collapse, plus reg_covar on the diagonal.</summary>
    private static void FullCovariance(in MStepArgs a, ArrayView<double> n, ArrayView<double> f, ArrayView<double> s,
        ArrayView<double> cov, int c, double nk)
    {
        int t = Group.IdxX, d = a.D;
        long o = (long)c * d * d;
        for (int e = t; e < d * d; e += MStepGroupSize)
        {
            int i = e / d, j = e % d;
            double di = f[c * d + i] / nk, dj = f[c * d + j] / nk;
            cov[o + e] = 0.5 * (s[o + i * d + j] + s[o + j * d + i]) / nk - di * dj;
        }
        FinishMatrix(a, n, cov.SubView(o, (long)d * d), s.SubView(o, (long)d * d), nk);
    }

    /// <summary>
    /// Grid ⌈d²/128⌉, an entry per thread: the tied covariance (½(S + Sᵀ) − Σ_i N_i δ_i δ_iᵀ) / Σ N_i, before its check
    /// and reg_covar (done by <see cref="Factor"/>).
    /// </summary>
    public static void TiedCovariance(MStepArgs a, ArrayView<double> n, ArrayView<double> deltas, ArrayView<double> s, ArrayView<double> cov)
    {
        int e = Grid.IdxX * MStepGroupSize + Group.IdxX, d = a.D, k = a.K;
        if (e >= d * d) return;
        double nkSum = NkSum(n, k);
        int r = e / d, q = e % d;
        double between = 0;
        for (int i = 0; i < k; i++) between += (n[i] + NkEpsilon) * (deltas[i * d + r] * deltas[i * d + q]); // the host's order: symmetric to the bit
        cov[e] = (0.5 * (s[r * d + q] + s[q * d + r]) - between) / nkSum;
    }

    private static double NkSum(ArrayView<double> n, int k)
    {
        double total = 0; // in the host's order
        for (int i = 0; i < k; i++) total += n[i] + NkEpsilon;
        return total;
    }

    /// <summary>
    /// MatrixCovariance.FinishMatrix (the host M-step) up to the factorisation: collapse check on the trace (flagged within rounding of the floor,
    /// measured against the trace of <paramref name="second"/> / <paramref name="count"/>), then reg_covar on the diagonal.
    /// </summary>
    private static void FinishMatrix(in MStepArgs a, ArrayView<double> n, ArrayView<double> cov, ArrayView<double> second, double count)
    {
        int t = Group.IdxX, d = a.D;
        Group.Barrier();
        if (t == 0)
        {
            double trace = 0, scale = 0;
            for (int i = 0; i < d; i++)
            {
                trace += XMath.Max(cov[i * d + i], 0.0);
                scale += XMath.Abs(second[i * d + i] / count);
            }
            if (trace <= a.Regularization * 1e-3 * d * (1 + Margin) + Rounding * scale) Atomic.Add(ref n[a.K + 2], 1.0);
        }
        Group.Barrier();
        for (int i = t; i < d; i += MStepGroupSize) cov[i * d + i] += a.Regularization;
    }

    /// <summary>
    /// Full and tied; grid: k groups (full) or 1 (tied). Cholesky L of the covariance (right-looking, a column per step), X = L⁻¹ (a
    /// column per thread, in CovarianceMath's order), log det U = Σ log X_ii, and U = Xᵀ written zero-padded in T. A
    /// matrix that is not positive definite (or within rounding of it) raises the flag and is left for the host's jittered
    /// retry. Tied first finishes its covariance (check, reg_covar) from <paramref name="second"/>, the scatter S.
    /// </summary>
    public static void Factor<TKind>(MStepArgs a, ArrayView<double> cov, ArrayView<double> scratch, ArrayView<double> logDet,
        ArrayView<T> chol, ArrayView<double> n, ArrayView<double> second)
        where TKind : struct, ICovarianceKind
    {
        int c = Grid.IdxX, t = Group.IdxX, d = a.D, p = a.CholeskyStride;
        if (default(TKind).Type == CovarianceType.Tied) FinishMatrix(a, n, cov, second, NkSum(n, a.K));
        Group.Barrier();
        long dd = (long)d * d;
        var l = scratch.SubView(2 * c * dd, dd);
        var x = scratch.SubView((2 * c + 1) * dd, dd);
        var m = cov.SubView(c * dd, dd);
        for (int e = t; e < d * d; e += MStepGroupSize) l[e] = m[e];
        var vote = GroupVote.Create();
        for (int j = 0; j < d; j++)
        {
            Group.Barrier();
            bool failed = false;
            if (t == 0)
            {
                double pivot = l[j * d + j];
                failed = !(pivot > Rounding * XMath.Abs(m[j * d + j])) || !IsFinite(pivot);
                l[j * d + j] = XMath.Sqrt(pivot);
            }
            if (vote.Any(failed))
            {
                if (t == 0) Atomic.Add(ref n[a.K + 2], 1.0);
                return;
            }
            double diagonal = l[j * d + j];
            for (int i = j + 1 + t; i < d; i += MStepGroupSize) l[i * d + j] /= diagonal;
            Group.Barrier();
            int rest = d - j - 1;
            for (int e = t; e < rest * rest; e += MStepGroupSize)
            {
                int i = j + 1 + e / rest, q = j + 1 + e % rest;
                if (q <= i) l[i * d + q] -= l[i * d + j] * l[q * d + j];
            }
        }
        Group.Barrier();
        for (int col = t; col < d; col += MStepGroupSize)
        {
            for (int i = 0; i < col; i++) x[i * d + col] = 0;
            x[col * d + col] = 1.0 / l[col * d + col];
            for (int i = col + 1; i < d; i++)
            {
                double sum = 0;
                for (int q = col; q < i; q++) sum -= l[i * d + q] * x[q * d + col];
                x[i * d + col] = sum / l[i * d + i];
            }
        }
        Group.Barrier();
        var ops = default(TOps);
        if (t == 0)
        {
            double value = 0;
            for (int i = 0; i < d; i++) value += XMath.Log(x[i * d + i]);
            logDet[c] = value;
        }
        var block = chol.SubView((long)c * p * p, (long)p * p);
        for (int e = t; e < p * p; e += MStepGroupSize)
        {
            int j = e / p, i = e % p; // U[j, i] = X[i, j], upper
            block[e] = j < d && i < d && i >= j ? ops.FromDouble(x[i * d + j]) : T.Zero;
        }
    }

    /// <summary>Grid 1: the next statistics' center Σ_k π_k μ_k, rounded to T (SufficientStatistics.For's order).</summary>
    public static void Center(MStepArgs a, ArrayView<double> weights, ArrayView<double> meansD, ArrayView<T> center)
    {
        var ops = default(TOps);
        for (int j = Group.IdxX; j < a.D; j += MStepGroupSize)
        {
            double sum = 0;
            for (int c = 0; c < a.K; c++) sum += weights[c] * meansD[c * a.D + j];
            center[j] = ops.FromDouble(sum);
        }
    }

    /// <summary>
    /// Grid k: component Grid.IdxX's parameters in the E-step layouts, as DeviceParameters.Upload writes them: means
    /// shifted by the new center (tied: projected, (μ − c) U), diagonal precisions 1/σ², and the constant
    /// log π + log det U − ½ d log 2π. <paramref name="factor"/> is Factor's scratch (tied reads X = Uᵀ of matrix 0).
    /// </summary>
    public static void Layout<TKind>(MStepArgs a, ArrayView<double> weights, ArrayView<double> meansD, ArrayView<double> cov,
        ArrayView<double> logDet, ArrayView<double> factor, ArrayView<T> center, ArrayView<T> means,
        ArrayView<T> precisions, ArrayView<T> constants)
        where TKind : struct, ICovarianceKind
    {
        var type = default(TKind).Type;
        int c = Grid.IdxX, t = Group.IdxX, d = a.D, kp = a.Kp;
        var ops = default(TOps);
        if (type == CovarianceType.Full)
            for (int j = t; j < d; j += MStepGroupSize) means[c * d + j] = ops.FromDouble(meansD[c * d + j] - ops.ToDouble(center[j]));
        else if (type == CovarianceType.Tied)
            for (int i = t; i < d; i += MStepGroupSize)
            {
                double sum = 0;
                for (int j = 0; j <= i; j++) sum += (meansD[c * d + j] - ops.ToDouble(center[j])) * factor[i * d + j];
                means[i * kp + c] = ops.FromDouble(sum);
            }
        else
            for (int j = t; j < d; j += MStepGroupSize)
            {
                double pc = 1.0 / XMath.Sqrt(cov[type == CovarianceType.Spherical ? c : c * d + j]);
                means[j * kp + c] = ops.FromDouble(meansD[c * d + j] - ops.ToDouble(center[j]));
                precisions[j * kp + c] = ops.FromDouble(pc * pc);
            }
        if (t == 0)
        {
            double value;
            if (type == CovarianceType.Full) value = logDet[c];
            else if (type == CovarianceType.Tied) value = logDet[0];
            else if (type == CovarianceType.Spherical) value = XMath.Log(1.0 / XMath.Sqrt(cov[c])) * d;
            else
            {
                value = 0;
                for (int j = 0; j < d; j++) value += XMath.Log(1.0 / XMath.Sqrt(cov[c * d + j]));
            }
            constants[c] = ops.FromDouble(XMath.Log(weights[c]) + value - a.HalfDLogTwoPi);
        }
    }

    private static bool IsFinite(double value) => XMath.Abs(value) <= double.MaxValue;
}
