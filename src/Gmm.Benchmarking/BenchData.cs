namespace Gmm.Benchmarking;

/// <summary>
/// Synthetic mixtures for benchmarks: points around k random centres, and a model to start EM from. `gmm bench` and
/// bench/Gmm.Bench draw them with <see cref="DataSeed"/> and <see cref="ModelSeed"/>, so both time the same problems.
/// The points are generated in blocks of <see cref="BlockRows"/> rows, each from its own seed, so that any range of
/// blocks can be generated alone, in parallel, and the points do not depend on how they are cut into chunks (gmm bench
/// writes data sets larger than memory block by block).
/// </summary>
public static class BenchData
{
    /// <summary>The seed of the benchmarks' points (<see cref="Points"/>).</summary>
    public const int DataSeed = 42;

    /// <summary>The seed of the benchmarks' starting models (<see cref="StartModel(float[], int, int, CovarianceType, int)"/>) and initialisations.</summary>
    public const int ModelSeed = 7;

    /// <summary>Rows per independently seeded block.</summary>
    public const int BlockRows = 1 << 16;

    /// <summary>The <paramref name="centres"/>×<paramref name="d"/> centres (row-major), uniform in [0, 10).</summary>
    /// <param name="d">Features per centre.</param>
    /// <param name="centres">Number of centres.</param>
    /// <param name="seed">The data seed.</param>
    public static float[] Centres(int d, int centres, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(centres);
        var centre = new float[centres * d];
        var random = new Random(seed);
        for (int i = 0; i < centre.Length; i++) centre[i] = (float)(10 * random.NextDouble());
        return centre;
    }

    /// <summary>n×d float32 points (row-major) around <paramref name="centres"/> centres uniform in [0, 10)^d with unit variance, generated in parallel blocks (deterministic per seed), held in one array.</summary>
    /// <param name="n">Number of points.</param>
    /// <param name="d">Features per point.</param>
    /// <param name="centres">Number of centres.</param>
    /// <param name="seed">The data seed.</param>
    public static float[] Points(long n, int d, int centres, int seed)
    {
        var data = new float[n * d];
        Generate(data, 0, d, Centres(d, centres, seed), seed);
        return data;
    }

    /// <summary>
    /// Writes rows [<paramref name="firstRow"/>, firstRow + destination.Length / d) of the data set of <see cref="Points"/>
    /// into <paramref name="destination"/> (row-major); <paramref name="firstRow"/> must start a block.
    /// </summary>
    /// <param name="destination">Whole rows of d values.</param>
    /// <param name="firstRow">The data set's row that destination starts with: a multiple of <see cref="BlockRows"/>.</param>
    /// <param name="d">Features per point.</param>
    /// <param name="centre">The centres (<see cref="Centres"/>).</param>
    /// <param name="seed">The data seed.</param>
    /// <exception cref="ArgumentException"><paramref name="firstRow"/> does not start a block.</exception>
    public static void Generate(float[] destination, long firstRow, int d, float[] centre, int seed)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(centre);
        if (firstRow % BlockRows != 0) throw new ArgumentException($"firstRow {firstRow} must be a multiple of {BlockRows}.", nameof(firstRow));
        int centres = centre.Length / d, rows = destination.Length / d;
        int blocks = (rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, b =>
        {
            long block = firstRow / BlockRows + b;
            var r = new Random(seed * 7919 + (int)block);
            int end = Math.Min(rows, (b + 1) * BlockRows);
            for (int i = b * BlockRows; i < end; i++)
            {
                int c = r.Next(centres);
                for (int j = 0; j < d; j++) destination[(long)i * d + j] = centre[c * d + j] + (float)Normal(r);
            }
        });
    }

    /// <summary>A starting model: means at k rows of <paramref name="data"/> (n×d, row-major) drawn by <paramref name="seed"/>, unit variances (identity precision factors), equal weights.</summary>
    /// <param name="data">The points, n×d row-major.</param>
    /// <param name="d">Features per point.</param>
    /// <param name="k">Number of components.</param>
    /// <param name="type">The covariance type.</param>
    /// <param name="seed">The model seed.</param>
    public static GaussianMixtureModel StartModel(float[] data, int d, int k, CovarianceType type, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        return StartModel(row => data.AsSpan(checked((int)(row * d)), d).ToArray(), data.Length / d, d, k, type, seed);
    }

    /// <summary>
    /// A starting model: means at k data rows (<paramref name="row"/> gives the d values of a row), unit variances
    /// (identity precision factors), equal weights. The rows are drawn uniformly from the n points by <paramref name="seed"/>
    /// (<see cref="StartRows"/>), so the model is the one <see cref="StartModel(float[], int, int, CovarianceType, int)"/> makes of the same points.
    /// </summary>
    /// <param name="row">The values of a row, by its index.</param>
    /// <param name="n">Number of points.</param>
    /// <param name="d">Features per point.</param>
    /// <param name="k">Number of components.</param>
    /// <param name="type">The covariance type.</param>
    /// <param name="seed">The model seed.</param>
    public static GaussianMixtureModel StartModel(Func<long, float[]> row, long n, int d, int k, CovarianceType type, int seed)
    {
        ArgumentNullException.ThrowIfNull(row);
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var means = new double[k * d];
        foreach (var (c, values) in StartRows(n, k, seed).Select((r, c) => (c, row(r))))
            for (int j = 0; j < d; j++) means[c * d + j] = values[j];
        double[] covariances = type switch
        {
            CovarianceType.Diagonal => Enumerable.Repeat(1.0, k * d).ToArray(),
            CovarianceType.Spherical => Enumerable.Repeat(1.0, k).ToArray(),
            CovarianceType.Tied => Identity(d, 1),
            _ => Identity(d, k),
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    /// <summary>The k row indices (in [0, n)) the starting models take their means from.</summary>
    /// <param name="n">Number of points.</param>
    /// <param name="k">Number of components.</param>
    /// <param name="seed">The model seed.</param>
    public static long[] StartRows(long n, int k, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, k).Select(_ => (long)(random.NextDouble() * n))];
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
