namespace Gmm.Benchmarking;

/// <summary>
/// Synthetic mixtures for benchmarks: points around k random centres, and a model to start EM from. `gmm bench` and
/// bench/Gmm.Bench draw them with <see cref="DataSeed"/> and <see cref="ModelSeed"/>, so both time the same problems.
/// </summary>
public static class BenchData
{
    /// <summary>The seed of the benchmarks' points (<see cref="Points"/>).</summary>
    public const int DataSeed = 42;

    /// <summary>The seed of the benchmarks' starting models (<see cref="StartModel"/>) and initialisations.</summary>
    public const int ModelSeed = 7;

    /// <summary>n×d float32 points (row-major) around <paramref name="centres"/> centres uniform in [0, 10)^d with unit variance, generated in parallel blocks (deterministic per seed).</summary>
    public static float[] Points(long n, int d, int centres, int seed)
    {
        var centre = new float[centres * d];
        var random = new Random(seed);
        for (int i = 0; i < centre.Length; i++) centre[i] = (float)(10 * random.NextDouble());
        var data = new float[n * d];
        const int block = 1 << 16;
        long blocks = (n + block - 1) / block;
        Parallel.For(0, blocks, b =>
        {
            var r = new Random(seed * 7919 + (int)b);
            long end = Math.Min(n, (b + 1) * block);
            for (long i = b * block; i < end; i++)
            {
                int c = r.Next(centres);
                for (int j = 0; j < d; j++) data[i * d + j] = centre[c * d + j] + (float)Normal(r);
            }
        });
        return data;
    }

    /// <summary>A starting model: means at k rows of <paramref name="data"/> (n×d, row-major) drawn by <paramref name="seed"/>, unit variances (identity precision factors), equal weights.</summary>
    public static GaussianMixtureModel StartModel(float[] data, int d, int k, CovarianceType type, int seed)
    {
        var random = new Random(seed);
        long n = data.Length / d;
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            long row = (long)(random.NextDouble() * n);
            for (int j = 0; j < d; j++) means[c * d + j] = data[row * d + j];
        }
        double[] covariances = type switch
        {
            CovarianceType.Diagonal => Enumerable.Repeat(1.0, k * d).ToArray(),
            CovarianceType.Spherical => Enumerable.Repeat(1.0, k).ToArray(),
            CovarianceType.Tied => Identity(d, 1),
            _ => Identity(d, k),
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    private static double[] Identity(int d, int count)
    {
        var result = new double[count * d * d];
        for (int m = 0; m < count; m++)
            for (int j = 0; j < d; j++) result[m * d * d + j * d + j] = 1;
        return result;
    }

    /// <summary>A standard normal draw from <paramref name="r"/> (Box–Muller).</summary>
    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
