using Gmm.Cli.Formats;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The summary's scoring warm-up (<see cref="ScoreWarmUp"/>): its synthetic model has the fit's shape (so it compiles the
/// same kernel and loops), it starts only where the BIC takes that path, and a warm-up of the same shape leaves the
/// BIC of a checked file bit for bit the library's (the pooled lane it leaves behind is reloaded with the real model).
/// </summary>
public sealed class ScoreWarmUpTests : IDisposable
{
    private const int D = 3, K = 4;
    private readonly CliHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [MemberData(nameof(TestData.TypesInBothPrecisions), MemberType = typeof(TestData))]
    public void SyntheticModelHasTheFitsShapeAndScoresItsPoints(CovarianceType type, bool single)
    {
        var model = ScoreWarmUp.Model(type, 5, 7);
        Assert.Equal(type, model.CovarianceType);
        Assert.Equal(5, model.ComponentCount);
        Assert.Equal(7, model.Dimension);

        var scores = single ? ScoreWarmUp.Run<float>(type, 5, 7) : ScoreWarmUp.Run<double>(type, 5, 7);
        var points = ScoreWarmUp.Points<double>(5, 7);
        Assert.Equal(ScoreWarmUp.Rows, scores.Length);
        for (int r = 0; r < ScoreWarmUp.Rows; r++) // against the textbook mixture density of the model, computed here
            Assert.Equal(TextbookLogDensity(model, points.AsSpan(r * 7, 7)), scores[r], single ? 1e-4 : 1e-10);
    }

    /// <summary>log Σ_c w_c N(x | μ_c, Σ_c) with each Σ_c expanded to a full matrix and factored here (Cholesky), in float64.</summary>
    private static double TextbookLogDensity(GaussianMixtureModel model, ReadOnlySpan<double> x)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var terms = new double[k];
        for (int c = 0; c < k; c++)
        {
            var sigma = new double[d, d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                    sigma[i, j] = model.CovarianceType switch
                    {
                        CovarianceType.Full => model.Covariances[(c * d + i) * d + j],
                        CovarianceType.Tied => model.Covariances[i * d + j],
                        CovarianceType.Diagonal => i == j ? model.Covariances[c * d + i] : 0,
                        _ => i == j ? model.Covariances[c] : 0,
                    };
            var lower = new double[d, d]; // Σ = L Lᵀ
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++)
                {
                    double sum = sigma[i, j];
                    for (int m = 0; m < j; m++) sum -= lower[i, m] * lower[j, m];
                    lower[i, j] = i == j ? Math.Sqrt(sum) : sum / lower[j, j];
                }
            var z = new double[d]; // L z = x − μ
            double squared = 0, logDeterminant = 0;
            for (int i = 0; i < d; i++)
            {
                double sum = x[i] - model.Means[c * d + i];
                for (int m = 0; m < i; m++) sum -= lower[i, m] * z[m];
                z[i] = sum / lower[i, i];
                squared += z[i] * z[i];
                logDeterminant += 2 * Math.Log(lower[i, i]);
            }
            terms[c] = Math.Log(model.Weights[c]) - 0.5 * (d * Math.Log(2 * Math.PI) + logDeterminant + squared);
        }
        double top = terms.Max();
        return top + Math.Log(terms.Sum(t => Math.Exp(t - top)));
    }

    [Theory]
    [MemberData(nameof(TestData.TypesInBothPrecisions), MemberType = typeof(TestData))]
    public void ScoreAfterAWarmUpOfTheSameShapeIsTheLibrarysBitForBit(CovarianceType type, bool single)
    {
        const int n = 9_001;
        var values = CliHarness.Blobs(n, D, seed: 11);
        string path = _files.WriteNpy($"w-{type}-{single}.npy", values, [n, D], single);
        var model = Model(type);
        using var data = DataReader.Open(path);
        data.CheckFinite();
        double expected = single
            ? model.Score(new InMemoryDataSource<float>(values.Select(v => (float)v).ToArray(), D))
            : model.Score(new InMemoryDataSource<double>(values, D));

        var thread = data.StartScoreWarmUp(type, K);
        Assert.NotNull(thread);
        Assert.True(IsBackgroundOrFinished(thread));
        thread.Join();

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(data.Score(model)));
    }

    /// <summary>
    /// Whether the thread is a background thread, read while it runs; a thread that has already finished (its property can
    /// no longer be read) cannot hold the process open either.
    /// </summary>
    private static bool IsBackgroundOrFinished(Thread thread)
    {
        try
        {
            return thread.IsBackground;
        }
        catch (ThreadStateException)
        {
            return !thread.IsAlive;
        }
    }

    [Fact]
    public void NotStartedWhereMissingValuesAreMarginalised()
    {
        var values = CliHarness.Blobs(100, D);
        string path = _files.WriteNpy("m.npy", values, [100, D], single: false);
        using var data = DataReader.Open(path, missing: MissingValues.Marginalize);
        Assert.Null(data.StartScoreWarmUp(CovarianceType.Diagonal, K));
    }

    [Fact]
    public void LargeOrInvalidShapesAreNotWarmed()
    {
        Assert.True(ScoreWarmUp.IsWorthWarming(CovarianceType.Full, 16, 16));
        Assert.True(ScoreWarmUp.IsWorthWarming(CovarianceType.Diagonal, 64, 39));
        Assert.False(ScoreWarmUp.IsWorthWarming(CovarianceType.Full, 64, 1000));
        Assert.False(ScoreWarmUp.IsWorthWarming(CovarianceType.Spherical, 0, 3));
        Assert.False(ScoreWarmUp.IsWorthWarming((CovarianceType)17, 2, 3));
        Assert.Null(ScoreWarmUp.Start<double>(CovarianceType.Full, 64, 1000));
    }

    /// <summary>K components over D features with unequal, correlated covariances of the given type.</summary>
    private static GaussianMixtureModel Model(CovarianceType type)
    {
        double[] weights = [0.1, 0.2, 0.3, 0.4];
        var means = new double[K * D];
        for (int c = 0; c < K; c++)
            for (int j = 0; j < D; j++) means[c * D + j] = (c % 2 == 0 ? -2 : 2) + 0.3 * j - 0.1 * c;
        double[] covariances = type switch
        {
            CovarianceType.Full => [.. Enumerable.Range(0, K).SelectMany(c => Spd(1 + 0.5 * c))],
            CovarianceType.Tied => Spd(1.5),
            CovarianceType.Diagonal => [.. Enumerable.Range(0, K * D).Select(i => 0.5 + 0.25 * (i % 5))],
            _ => [0.7, 1.1, 1.6, 2.3],
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    private static double[] Spd(double scale)
    {
        var m = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++) m[i * D + j] = i == j ? scale : 0.2;
        return m;
    }

    /// <summary>
    /// The tool cannot see the library's internals, so ScoreWarmUp keeps its own copy of the kernel warm-up's synthetic
    /// model (WarmUpProblem) and of the covariance lengths: this pins the copy to the library's definitions, so that the
    /// two warm-ups keep compiling for the same kind of model.
    /// </summary>
    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void SyntheticModelIsTheKernelWarmUpsModel(CovarianceType type)
    {
        foreach (var (k, d) in new[] { (1, 1), (5, 7), (3, 16), (64, 39) })
        {
            var copy = ScoreWarmUp.Model(type, k, d);
            var library = Gmm.Cpu.WarmUpProblem.Model(type, k, d);
            Assert.Equal(library.WeightsArray, copy.WeightsArray);
            Assert.Equal(library.MeansArray, copy.MeansArray);
            Assert.Equal(library.CovariancesArray, copy.CovariancesArray);
            Assert.Equal(CovarianceDefinition.For(type).CovarianceLength(k, d), copy.CovariancesArray.Length);
        }
    }
}
