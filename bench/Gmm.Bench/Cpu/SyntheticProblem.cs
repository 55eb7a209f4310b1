using Gmm;

namespace Gmm.Bench.Cpu;

/// <summary>
/// A deterministic benchmark problem: n×d float32 points in ten overlapping clusters, and a starting model with
/// uniform weights, means at data rows and unit covariances (every responsibility non-zero: the worst case). Kept apart
/// from Gmm.Cli.Bench.BenchData because the CPU issue's figures were taken on exactly this data; FLOPs: FlopModel.
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
}
