using Gmm;

namespace Gmm.Bench.Cpu;

/// <summary>
/// A deterministic benchmark problem: n×d float32 points in ten overlapping clusters, and a starting model with
/// uniform weights, means at data rows and unit covariances (every responsibility non-zero: the worst case).
/// </summary>
public sealed class SyntheticProblem
{
    public SyntheticProblem(int n, int d, int k, CovarianceType type, int seed = 1)
    {
        var random = new Random(seed);
        Data = new float[(long)n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                Data[(long)i * d + j] = (float)(i % 10 * 0.5 + random.NextDouble() + j % 3);
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) means[c * d + j] = Data[(long)(c * 37 % n) * d + j];
        double[] covariances = type switch
        {
            CovarianceType.Full => Enumerable.Range(0, k * d * d).Select(i => i % (d * d) / d == i % d ? 1.0 : 0.0).ToArray(),
            CovarianceType.Tied => Enumerable.Range(0, d * d).Select(i => i / d == i % d ? 1.0 : 0.0).ToArray(),
            CovarianceType.Diagonal => Enumerable.Repeat(1.0, k * d).ToArray(),
            _ => Enumerable.Repeat(1.0, k).ToArray(),
        };
        Model = new GaussianMixtureModel(type, weights, means, covariances);
        Source = new InMemoryDataSource<float>(Data, d);
    }

    public float[] Data { get; }
    public GaussianMixtureModel Model { get; }
    public IDataSource<float> Source { get; }

    /// <summary>Useful floating-point operations of one E+M pass (see docs/benchmarks.md for the counting rule).</summary>
    public static double FlopsPerIteration(long n, int d, int k, CovarianceType type) => type switch
    {
        // E: (x−μ)²·p accumulate = 3 flops per (point, component, feature); M: r·(x−μ), F +=, S += r(x−μ)² = 4.
        CovarianceType.Diagonal or CovarianceType.Spherical => n * k * (7.0 * d + 10),
        // E: triangular product d(d+1)/2 FMAs + norm; M: rank-1 update of the upper triangle d(d+1)/2 FMAs + first order.
        CovarianceType.Full => n * k * (2.0 * d * (d + 1) + 6.0 * d + 10),
        // E: one triangular product per point, then k distances; M: one rank-1 update per point, k first-order updates.
        _ => n * (2.0 * d * (d + 1) + k * (5.0 * d + 10)),
    };
}
