namespace Gmm.Cli.Bench;

/// <summary>
/// Synthetic mixtures for benchmarks: points around random centres, generated in blocks of <see cref="BlockRows"/> rows,
/// each from its own seed, so that any range of blocks can be generated alone, in parallel, and the points do not
/// depend on how they are cut into chunks.
/// </summary>
internal static class BenchData
{
    /// <summary>Rows per independently seeded block.</summary>
    public const int BlockRows = 1 << 16;

    /// <summary>The <paramref name="centres"/>×<paramref name="d"/> centres, uniform in [0, 10).</summary>
    public static float[] Centres(int d, int centres, int seed)
    {
        var centre = new float[centres * d];
        var random = new Random(seed);
        for (int i = 0; i < centre.Length; i++) centre[i] = (float)(10 * random.NextDouble());
        return centre;
    }

    /// <summary>n×d points held in one array (for data sets that fit one; the sweep places larger ones with <see cref="BenchDataSet{T}"/>).</summary>
    public static float[] Points(long n, int d, int centres, int seed)
    {
        var data = new float[n * d];
        Generate(data, 0, d, Centres(d, centres, seed), seed);
        return data;
    }

    /// <summary>A starting model with means at k rows of <paramref name="data"/> (n×d in one array); see <see cref="StartModel(Func{long, float[]}, long, int, int, CovarianceType, int)"/>.</summary>
    public static GaussianMixtureModel StartModel(float[] data, int d, int k, CovarianceType type, int seed) =>
        StartModel(row => data.AsSpan((int)(row * d), d).ToArray(), data.Length / d, d, k, type, seed);

    /// <summary>
    /// Writes rows [<paramref name="firstRow"/>, firstRow + destination.Length / d) of the n-point data set into
    /// <paramref name="destination"/> (row-major); <paramref name="firstRow"/> must start a block.
    /// </summary>
    public static void Generate(float[] destination, long firstRow, int d, float[] centre, int seed)
    {
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

    /// <summary>
    /// A starting model: means at k data rows (<paramref name="row"/> gives the values of a row), unit variances
    /// (identity precision factors), equal weights. The rows are drawn uniformly from the n points by <paramref name="seed"/>.
    /// </summary>
    public static GaussianMixtureModel StartModel(Func<long, float[]> row, long n, int d, int k, CovarianceType type, int seed)
    {
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

    /// <summary>The k rows <see cref="StartModel"/> takes its means from.</summary>
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

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
