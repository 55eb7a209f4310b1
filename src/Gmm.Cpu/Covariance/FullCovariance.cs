using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>Full covariances: each component its own d×d matrix (covariances k×d×d; S k×d×d about each component's reference).</summary>
internal sealed class FullCovariance : MatrixCovariance
{
    public static FullCovariance Instance { get; } = new();

    private FullCovariance()
    {
    }

    public override CovarianceType Type => CovarianceType.Full;

    public override int CovarianceLength(int k, int d) => k * d * d;

    public override int CovarianceParameterCount(int k, int d) => k * d * (d + 1) / 2;

    public override int ComponentSecondOrderLength(int d) => d * d;

    protected override int MatrixIndex(int component) => component;

    public override void Estimate(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, MaximizationContext context) =>
        _ = EstimateAndFactor(statistics, keep, counts, countSum, deltas, regularization, covariances, default, default, context);

    public override bool EstimateAndFactor(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, Span<double> precisionsCholesky,
        Span<double> logDeterminants, MaximizationContext context)
    {
        int d = statistics.Dimension;
        // One pair of d×d scratch matrices for every component (the factor and its inverse), on the stack when small.
        Span<double> scratch = 2 * d * d <= ScratchOnStack ? stackalloc double[2 * d * d] : new double[2 * d * d];
        Span<double> lower = scratch[..(d * d)], inverse = scratch[(d * d)..];
        for (int i = 0; i < keep.Length; i++)
        {
            int c = keep[i];
            var cov = covariances.Slice(i * d * d, d * d);
            var s = statistics.SecondOrder.AsSpan(c * d * d, d * d);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                    cov[a * d + b] = 0.5 * (s[a * d + b] + s[b * d + a]) / counts[i] - deltas[i * d + a] * deltas[i * d + b];
            double logDet = FinishAndFactor(covariances, i, d, regularization, c, context, precisionsCholesky, lower, inverse);
            if (!precisionsCholesky.IsEmpty) logDeterminants[i] = logDet;
        }
        return !precisionsCholesky.IsEmpty;
    }

    public override void AddComponentSecondOrder(SufficientStatistics statistics, int component, double weight, ReadOnlySpan<double> diff)
    {
        int d = statistics.Dimension;
        var s = statistics.SecondOrder;
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) s[(component * d + a) * d + b] += weight * diff[a] * diff[b];
    }

    public override void AddAssignedPoint(Span<double> first, Span<double> second, ReadOnlySpan<double> diff, double weight)
    {
        int d = diff.Length;
        SpanMath.AddScaled(first, diff, weight);
        for (int a = 0; a < d; a++) SpanMath.AddScaled(second.Slice(a * d + a, d - a), diff[a..], weight * diff[a]);
    }

    public override CpuKernel<T> CreateCpuKernel<T, TV>(int k, int d) => new FullKernel<T, TV>(k, d, this);
}
