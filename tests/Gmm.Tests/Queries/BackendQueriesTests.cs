using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Queries;

/// <summary>Queries over a data source on a backend (BackendQueries), and top-C scoring, on the host.</summary>
public class BackendQueriesTests
{
    public static TheoryData<CovarianceType> Types() => TestData.Types();

    [Theory]
    [MemberData(nameof(Types))]
    public void Streamed_queries_equal_the_models_own_queries(CovarianceType type)
    {
        var model = GpuTestData.Model(type, k: 4, d: 3, seed: 2);
        var points = GpuTestData.Points<double>(model, 500, seed: 3);
        var data = new InMemoryDataSource<double>(points, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var chunks = backend.Evaluate(model, data, QueryOutputs.Labels | QueryOutputs.Probabilities, chunkRows: 97).ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i * 97L), chunks.Select(c => c.Start));
        Assert.Equal(model.ScoreSamples<double>(points), chunks.SelectMany(c => c.LogDensities));
        Assert.Equal(model.Predict<double>(points), chunks.SelectMany(c => c.Labels!));
        Assert.Equal(model.PredictProbabilities<double>(points), chunks.SelectMany(c => c.Probabilities!));
        Assert.Null(backend.ScoreSamples(model, data).First().Labels);
        Assert.Equal(model.Score<double>(points), backend.Score(model, data), 12);
    }

    [Fact]
    public void Score_weights_points_and_ignores_zero_weights()
    {
        var model = GpuTestData.Model(CovarianceType.Diagonal, k: 3, d: 2, seed: 4);
        var points = GpuTestData.Points<double>(model, 60, seed: 5);
        var weights = Enumerable.Range(0, 60).Select(i => (double)(i % 3)).ToArray();
        using var backend = CpuBackendProvider.Default.Create<double>();
        double expected = model.Score<double>(points, weights);
        Assert.Equal(expected, backend.Score(model, new InMemoryDataSource<double>(points, 2, weights)), 12);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Top_C_with_every_component_is_full_scoring(CovarianceType type)
    {
        var ubm = GpuTestData.Model(type, k: 5, d: 3, seed: 6);
        var speaker = GpuTestData.Model(type, k: 5, d: 3, seed: 7);
        var points = GpuTestData.Points<double>(ubm, 300, seed: 8);
        var data = new InMemoryDataSource<double>(points, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        foreach (int c in new[] { 0, 5, 9 })
        {
            var totals = backend.ScoreShortlisted(ubm, [speaker], c, data, chunkRows: 64);
            Assert.Equal(ubm.ScoreSamples<double>(points).Sum(), totals.LogLikelihoods[0], 9);
            Assert.Equal(speaker.ScoreSamples<double>(points).Sum(), totals.LogLikelihoods[1], 9);
            Assert.Equal(300, totals.PointCount);
            Assert.Equal((totals.LogLikelihoods[1] - totals.LogLikelihoods[0]) / 300, totals.MeanLogLikelihoodRatio(0), 12);
        }
        // The shortlisting machinery itself with C = k (the evaluator takes a faster route for it) gives the same.
        var shortlisted = new double[2 * 300];
        ubm.EvaluateShortlistedPoints<double>([speaker], 5, points, shortlisted);
        Near.Equal(ubm.ScoreSamples<double>(points), shortlisted[..300], 1e-12);
        Near.Equal(speaker.ScoreSamples<double>(points), shortlisted[300..], 1e-12);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Top_C_sums_the_shortlisted_components_of_every_model(CovarianceType type)
    {
        var ubm = GpuTestData.Model(type, k: 6, d: 2, seed: 9, separation: 1.5);
        var speaker = GpuTestData.Model(type, k: 6, d: 2, seed: 10, separation: 1.5);
        var points = GpuTestData.Points<double>(ubm, 40, seed: 11);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var chunk = new InMemoryDataSource<double>(points, 2).GetChunks(40).Single();
        var values = new double[2 * 40];
        ((IPointEvaluator<double>)HostEvaluator).EvaluateShortlisted(ubm, [speaker], 2, chunk, values);
        for (int i = 0; i < 40; i++)
        {
            var x = points.AsSpan(i * 2, 2).ToArray();
            var ubmTerms = Enumerable.Range(0, 6).Select(c => ComponentLogDensity(ubm, c, x)).ToArray();
            var best = Enumerable.Range(0, 6).OrderByDescending(c => ubmTerms[c]).Take(2).ToArray();
            Assert.Equal(LogSumExp(best.Select(c => ubmTerms[c])), values[i], 10);
            Assert.Equal(LogSumExp(best.Select(c => ComponentLogDensity(speaker, c, x))), values[40 + i], 10);
        }
    }

    [Fact]
    public void Shortlist_keeps_the_largest_first_and_equal_values_in_order()
    {
        var indices = new int[3];
        GaussianMixtureModel.Shortlist([1.0, 5.0, 3.0, 5.0, double.NegativeInfinity, 4.0], indices);
        Assert.Equal([1, 3, 5], indices);
        GaussianMixtureModel.Shortlist([double.NegativeInfinity, double.NegativeInfinity, 2.0], indices);
        Assert.Equal([2, 0, 1], indices);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_their_names()
    {
        var model = GpuTestData.Model(CovarianceType.Diagonal, k: 3, d: 2, seed: 12);
        var other = GpuTestData.Model(CovarianceType.Diagonal, k: 4, d: 2, seed: 13);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var wrongDimension = new InMemoryDataSource<double>(new double[9], 3);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => backend.Evaluate(model, wrongDimension)).ParamName);
        var bad = new InMemoryDataSource<double>(new double[] { 0, 1, double.NaN, 2 }, 2);
        var error = Assert.Throws<ArgumentException>(() => backend.Score(model, bad));
        Assert.Contains("point 1, feature 0", error.Message);
        var data = new InMemoryDataSource<double>(new double[8], 2);
        Assert.Equal("models", Assert.Throws<ArgumentException>(() => backend.ScoreShortlisted(model, [other], 2, data)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.ScoreShortlisted(model, [], -1, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.Evaluate(model, data, chunkRows: 0));
    }

    private static HostPointEvaluator<double> HostEvaluator => HostPointEvaluator<double>.Instance;

    /// <summary>log π_c N(x | c) through a one-component model of component c (an independent route).</summary>
    private static double ComponentLogDensity(GaussianMixtureModel model, int c, double[] x)
    {
        int d = model.Dimension;
        var covariance = model.CovarianceType switch
        {
            CovarianceType.Full => model.Covariances.Skip(c * d * d).Take(d * d).ToArray(),
            CovarianceType.Tied => model.Covariances.ToArray(),
            CovarianceType.Diagonal => model.Covariances.Skip(c * d).Take(d).ToArray(),
            _ => [model.Covariances[c]],
        };
        var single = new GaussianMixtureModel(model.CovarianceType, [1.0], model.Means.Skip(c * d).Take(d).ToArray(), covariance);
        return Math.Log(model.Weights[c]) + single.ScoreSamples<double>(x)[0];
    }

    private static double LogSumExp(IEnumerable<double> values)
    {
        var array = values.ToArray();
        double max = array.Max();
        return max + Math.Log(array.Sum(v => Math.Exp(v - max)));
    }
}
