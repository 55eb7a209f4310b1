using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// Tied covariance: one d×d matrix shared by every component (covariances d×d). Its S is one d×d scatter about one
/// shared point, from which the M-step subtracts the spread of the means (scikit-learn's formula).
/// </summary>
internal sealed class TiedCovariance : MatrixCovariance
{
    public static TiedCovariance Instance { get; } = new();

    private TiedCovariance()
    {
    }

    public override CovarianceType Type => CovarianceType.Tied;

    public override int CovarianceLength(int k, int d) => d * d;

    public override int CovarianceParameterCount(int k, int d) => d * (d + 1) / 2;

    public override bool SharedSecondOrder => true;

    public override int ComponentSecondOrderLength(int d) => 0;

    protected override int MatrixIndex(int component) => 0;

    public override void Estimate(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, MaximizationContext context) =>
        _ = EstimateAndFactor(statistics, keep, counts, countSum, deltas, regularization, covariances, default, default, context);

    public override bool EstimateAndFactor(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, Span<double> precisionsCholesky,
        Span<double> logDeterminants, MaximizationContext context)
    {
        int d = statistics.Dimension, kept = keep.Length;
        var s = statistics.SecondOrder;
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
            {
                double between = 0;
                for (int i = 0; i < kept; i++) between += counts[i] * (deltas[i * d + a] * deltas[i * d + b]); // δ_a·δ_b first: symmetric in a and b to the bit
                covariances[a * d + b] = (0.5 * (s[a * d + b] + s[b * d + a]) - between) / countSum;
            }
        Span<double> scratch = 2 * d * d <= ScratchOnStack ? stackalloc double[2 * d * d] : new double[2 * d * d];
        double logDet = FinishAndFactor(covariances, 0, d, regularization, -1, context, precisionsCholesky, scratch[..(d * d)], scratch[(d * d)..]);
        if (!precisionsCholesky.IsEmpty) logDeterminants.Fill(logDet); // one shared matrix
        return !precisionsCholesky.IsEmpty;
    }

    public override void AddComponentSecondOrder(SufficientStatistics statistics, int component, double weight, ReadOnlySpan<double> diff)
    {
    }

    public override void AddAssignedPoint(Span<double> first, Span<double> second, ReadOnlySpan<double> diff, double weight) =>
        SpanMath.AddScaled(first, diff, weight);

    public override CpuKernel<T> CreateCpuKernel<T, TV>(int k, int d) => new TiedKernel<T, TV>(k, d, this);
}
