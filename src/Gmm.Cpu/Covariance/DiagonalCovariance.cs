using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gmm.Cpu;

namespace Gmm;

/// <summary>Diagonal covariances: d variances per component (covariances k×d; S k×d, Σ w r (x − ref_k)² per feature).</summary>
internal sealed class DiagonalCovariance : VarianceCovariance
{
    public static DiagonalCovariance Instance { get; } = new();

    private DiagonalCovariance()
    {
    }

    public override CovarianceType Type => CovarianceType.Diagonal;

    public override int CovarianceLength(int k, int d) => k * d;

    public override int CovarianceParameterCount(int k, int d) => k * d;

    public override int ComponentSecondOrderLength(int d) => d;

    protected override int VariancesPerComponent(int d) => d;

    public override void Estimate(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, MaximizationContext context)
    {
        int d = statistics.Dimension;
        for (int i = 0; i < keep.Length; i++)
        {
            int c = keep[i];
            for (int j = 0; j < d; j++)
            {
                double delta = deltas[i * d + j];
                covariances[i * d + j] = statistics.SecondOrder[c * d + j] / counts[i] - delta * delta;
            }
            FinishVariances(covariances.Slice(i * d, d), regularization, c, context);
        }
    }

    public override void AddComponentSecondOrder(SufficientStatistics statistics, int component, double weight, ReadOnlySpan<double> diff)
    {
        int d = statistics.Dimension;
        for (int j = 0; j < d; j++) statistics.SecondOrder[component * d + j] += weight * diff[j] * diff[j];
    }

    /// <summary>first += w·diff and second += (w·diff)·diff, element by element, vectorised.</summary>
    public override void AddAssignedPoint(Span<double> first, Span<double> second, ReadOnlySpan<double> diff, double weight)
    {
        int n = diff.Length, i = 0;
        ref double f = ref MemoryMarshal.GetReference(first);
        ref double q = ref MemoryMarshal.GetReference(second);
        ref double e = ref MemoryMarshal.GetReference(diff);
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<double>(weight);
            for (; i + Vector<double>.Count <= n; i += Vector<double>.Count)
            {
                var x = Vector.LoadUnsafe(ref e, (nuint)i);
                var wx = w * x;
                (Vector.LoadUnsafe(ref f, (nuint)i) + wx).StoreUnsafe(ref f, (nuint)i);
                (Vector.LoadUnsafe(ref q, (nuint)i) + wx * x).StoreUnsafe(ref q, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double x = Unsafe.Add(ref e, i), wx = weight * x;
            Unsafe.Add(ref f, i) += wx;
            Unsafe.Add(ref q, i) += wx * x;
        }
    }

    public override CpuKernel<T> CreateCpuKernel<T, TV>(int k, int d) => new DiagonalKernel<T, PerFeatureVariances, TV>(k, d, this);
}
