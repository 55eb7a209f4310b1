using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Missing;

/// <summary>
/// The E-step and the queries on points with missing entries against <see cref="BruteForceMarginal"/>: the statistics
/// (CPU backend and GPU backend on ILGPU's CPU accelerator for the complete points), log p(x_o), posteriors, labels and
/// imputations.
/// </summary>
public class MissingStatisticsTests
{
    private const int K = 3, D = 4, N = 120;

    /// <summary>Points with about 30% of entries missing, some complete, and weights in [0, 2).</summary>
    private static (GaussianMixtureModel Model, double[] Points, double[] Weights) Problem(CovarianceType type, int seed)
    {
        var model = MissingData.Model(type, K, D, seed);
        var points = MissingData.Mcar(MissingData.Draw(model, N, seed + 1), D, 0.3, seed + 2);
        var random = new Random(seed + 3);
        var weights = Enumerable.Range(0, N).Select(_ => 2 * random.NextDouble()).ToArray();
        weights[5] = 0; // a zero weight adds nothing but the point count
        return (model, points, weights);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void StatisticsEqualTheBruteForceReferenceOnTheCpuBackend(CovarianceType type)
    {
        var (model, points, weights) = Problem(type, seed: 11);
        Assert.Contains(points, double.IsNaN);
        using var cpu = new CpuEmBackend<double>(1);
        CheckAgainstReference(cpu, model, points, weights, tolerance: 1e-11);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void StatisticsEqualTheBruteForceReferenceOnTheGpuBackend(CovarianceType type)
    {
        var (model, points, weights) = Problem(type, seed: 21);
        using var gpu = GpuTestData.Provider.Create<double>();
        CheckAgainstReference(gpu, model, points, weights, tolerance: 1e-9);
    }

    private static void CheckAgainstReference(IEmBackend<double> inner, GaussianMixtureModel model, double[] points, double[] weights, double tolerance)
    {
        var data = new InMemoryDataSource<double>(points, D, weights);
        using var backend = new MissingValueBackend<double>(inner, data, MissingEntries.Scan(data, "data"));
        var actual = SufficientStatistics.For<double>(model);
        backend.Accumulate(model, data, actual);
        var expected = SufficientStatistics.For<double>(model);
        BruteForceMarginal.Accumulate(model, points, weights, expected);
        StatisticsAssert.Close(expected, actual, tolerance);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void QueriesEqualTheBruteForceReference(CovarianceType type)
    {
        var (model, points, _) = Problem(type, seed: 31);
        var scores = model.ScoreSamples<double>(points, MissingValues.Marginalize);
        var probabilities = model.PredictProbabilities<double>(points, MissingValues.Marginalize);
        var labels = model.Predict<double>(points, MissingValues.Marginalize);
        var imputed = model.Impute<double>(points);
        for (int i = 0; i < N; i++)
        {
            var row = points.AsSpan(i * D, D).ToArray();
            var (posteriors, logDensity) = BruteForceMarginal.Posteriors(model, row);
            Assert.Equal(logDensity, scores[i], 1e-10 * Math.Max(1, Math.Abs(logDensity)));
            for (int c = 0; c < K; c++) Assert.Equal(posteriors[c], probabilities[i * K + c], 1e-10);
            Assert.Equal(Array.IndexOf(posteriors, posteriors.Max()), labels[i]);
            for (int j = 0; j < D; j++)
            {
                if (!double.IsNaN(row[j]))
                {
                    Assert.Equal(row[j], imputed[i * D + j]); // observed entries unchanged, bit for bit
                    continue;
                }
                double expected = Enumerable.Range(0, K).Sum(c => posteriors[c] * BruteForceMarginal.Conditional(model, row, c).Mean[j]);
                Assert.Equal(expected, imputed[i * D + j], 1e-9 * Math.Max(1, Math.Abs(expected)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void CompletePointsScoreAsThePlainQueries(CovarianceType type)
    {
        var model = MissingData.Model(type, K, D, seed: 41);
        var points = MissingData.Draw(model, 50, seed: 42);
        Assert.Equal(model.ScoreSamples<double>(points), model.ScoreSamples<double>(points, MissingValues.Marginalize));
        Assert.Equal(model.PredictProbabilities<double>(points), model.PredictProbabilities<double>(points, MissingValues.Marginalize));
        Assert.Equal(points, model.Impute<double>(points));
    }

    [Fact]
    public void QueriesNameAPointWithEveryValueMissing()
    {
        var model = MissingData.Model(CovarianceType.Diagonal, K, 2, seed: 51);
        double[] points = [1, 2, double.NaN, 3, double.NaN, double.NaN];
        var error = Assert.Throws<ArgumentException>(() => model.ScoreSamples<double>(points, MissingValues.Marginalize));
        Assert.Equal("data", error.ParamName);
        Assert.Contains("point 2 has every value missing", error.Message);
        Assert.Throws<ArgumentException>(() => model.Impute<double>(points));
        var rejected = Assert.Throws<ArgumentException>(() => model.ScoreSamples<double>(points, MissingValues.Reject));
        Assert.Contains("point 1, feature 0", rejected.Message);
    }
}
