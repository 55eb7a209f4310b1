using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>Spherical covariances: one variance per component (covariances k; S k, Σ w r ‖x − ref_k‖²).</summary>
internal sealed class SphericalCovariance : VarianceCovariance
{
    public static SphericalCovariance Instance { get; } = new();

    private SphericalCovariance()
    {
    }

    public override CovarianceType Type => CovarianceType.Spherical;

    public override int CovarianceLength(int k, int d) => k;

    public override int CovarianceParameterCount(int k, int d) => k;

    public override int ComponentSecondOrderLength(int d) => 1;

    protected override int VariancesPerComponent(int d) => 1;

    public override void Estimate(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, MaximizationContext context)
    {
        int d = statistics.Dimension;
        for (int i = 0; i < keep.Length; i++)
        {
            int c = keep[i];
            double squared = 0;
            for (int j = 0; j < d; j++) squared += deltas[i * d + j] * deltas[i * d + j];
            covariances[i] = (statistics.SecondOrder[c] / counts[i] - squared) / d;
            FinishVariances(covariances.Slice(i, 1), regularization, c, context);
        }
    }

    public override void AddComponentSecondOrder(SufficientStatistics statistics, int component, double weight, ReadOnlySpan<double> diff)
    {
        for (int j = 0; j < diff.Length; j++) statistics.SecondOrder[component] += weight * diff[j] * diff[j];
    }

    public override void AddAssignedPoint(Span<double> first, Span<double> second, ReadOnlySpan<double> diff, double weight)
    {
        SpanMath.AddScaled(first, diff, weight);
        for (int j = 0; j < diff.Length; j++) second[0] += weight * diff[j] * diff[j];
    }

    public override CpuKernel<T> CreateCpuKernel<T, TV>(int k, int d) => new DiagonalKernel<T, SingleVariance, TV>(k, d, this);
}
