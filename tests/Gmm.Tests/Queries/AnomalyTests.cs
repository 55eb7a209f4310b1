using System.Text.Json;
using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Queries;

/// <summary>
/// Anomaly detection (issue 17 §3): the threshold is numpy's linear percentile of score_samples at 100·contamination,
/// exact over streamed data; flags are scores strictly below it. References: tests/fixtures/anomalies (scikit-learn 1.2.1,
/// numpy 1.24).
/// </summary>
public class AnomalyTests
{
    public static TheoryData<CovarianceType> Types() => TestData.Types();

    [Fact]
    public void Percentile_is_numpys_bit_for_bit_whatever_the_order_and_chunking()
    {
        using var stream = File.OpenRead(Path.Combine(AnomalyFixture.Folder, "percentiles.json"));
        var cases = JsonDocument.Parse(stream).RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count > 50);
        foreach (var item in cases)
        {
            var scores = item.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double contamination = item.GetProperty("contamination").GetDouble(), expected = item.GetProperty("expected").GetDouble();
            string what = $"n = {scores.Length}, contamination {contamination}";
            Assert.True(expected.Equals(GaussianMixtureModel.PercentileOf(scores, contamination)), what);
            // Reversed, and added in chunks of 3: the kept tail does not depend on the order.
            var percentile = new ScorePercentile(scores.Length, contamination);
            var reversed = scores.Reverse().ToArray();
            for (int i = 0; i < reversed.Length; i += 3) percentile.Add(reversed.AsSpan(i, Math.Min(3, reversed.Length - i)));
            Assert.True(expected.Equals(percentile.Result()), what + ", reversed in chunks");
        }
    }

    [Fact]
    public void Percentile_of_a_zero_density_neighbour_is_minus_infinity()
    {
        Assert.Equal(double.NegativeInfinity, GaussianMixtureModel.PercentileOf([double.NegativeInfinity, double.NegativeInfinity, -1.0, 0.0], 0.5));
        Assert.Equal(double.NegativeInfinity, GaussianMixtureModel.PercentileOf([double.NegativeInfinity, -1.0, 0.0], 0.25));
        Assert.Equal(-0.5, GaussianMixtureModel.PercentileOf([double.NegativeInfinity, -1.0, 0.0], 0.75));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Threshold_is_numpys_percentile_of_sklearns_score_samples(CovarianceType type)
    {
        var fixture = AnomalyFixture.For(type);
        var model = fixture.Model(type);
        var x = fixture.X;
        Near.Equal(fixture.Array("score_samples"), model.ScoreSamples<double>(x), 1e-12, floor: 1, what: "score_samples");
        foreach (var (contamination, threshold, flagged) in fixture.Thresholds)
        {
            double actual = model.AnomalyThreshold<double>(x, contamination);
            Near.Equal(threshold, actual, 1e-12, $"threshold at {contamination}");
            var flags = model.FlagAnomalies<double>(x, actual);
            Assert.Equal(flagged, flags.Count(f => f));
            // The points flagged are exactly those scoring below the threshold, and fewer than all.
            var scores = model.ScoreSamples<double>(x);
            Assert.All(Enumerable.Range(0, scores.Length), i => Assert.Equal(scores[i] < actual, flags[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Streamed_threshold_and_flags_equal_the_in_memory_ones(CovarianceType type)
    {
        var fixture = AnomalyFixture.For(type);
        var model = fixture.Model(type);
        var x = fixture.X;
        var source = new SmallChunkSource<double>(new InMemoryDataSource<double>(x, fixture.Dimension), 37);
        using var backend = CpuBackendProvider.Default.Create<double>();
        foreach (double contamination in new[] { 0.01, 0.2, 0.5, 0.9 })
        {
            double inMemory = model.AnomalyThreshold<double>(x, contamination);
            Assert.Equal(inMemory, model.AnomalyThreshold(source, contamination));
            Assert.Equal(inMemory, backend.AnomalyThreshold(model, source, contamination, chunkRows: 50));
            var chunks = backend.FlagAnomalies(model, source, inMemory, chunkRows: 50).ToList();
            Assert.Equal(chunks.Select((c, i) => (long)i * 37), chunks.Select(c => c.Start));
            Assert.Equal(model.FlagAnomalies<double>(x, inMemory), chunks.SelectMany(c => c.Flags));
            Assert.Equal(model.ScoreSamples<double>(x), chunks.SelectMany(c => c.Scores));
        }
    }

    [Fact]
    public void Variational_threshold_uses_its_own_score_samples()
    {
        var fixture = AnomalyFixture.Load("bayesian_full");
        var posterior = fixture.Posterior();
        var x = fixture.X;
        Near.Equal(fixture.Array("score_samples"), posterior.ScoreSamples<double>(x), 1e-10, floor: 1, what: "score_samples");
        var source = new SmallChunkSource<double>(new InMemoryDataSource<double>(x, fixture.Dimension), 41);
        using var backend = CpuBackendProvider.Default.Create<double>();
        foreach (var (contamination, threshold, flagged) in fixture.Thresholds)
        {
            double actual = posterior.AnomalyThreshold<double>(x, contamination);
            Near.Equal(threshold, actual, 1e-10, $"threshold at {contamination}");
            Assert.Equal(flagged, posterior.FlagAnomalies<double>(x, actual).Count(f => f));
            Assert.Equal(actual, posterior.AnomalyThreshold(source, contamination));
            Assert.Equal(actual, backend.AnomalyThreshold(posterior, source, contamination));
            Assert.Equal(posterior.FlagAnomalies<double>(x, actual), backend.FlagAnomalies(posterior, source, actual).SelectMany(c => c.Flags));
        }
        // The point-estimate density is a different score: its threshold differs.
        Assert.NotEqual(posterior.AnomalyThreshold<double>(x, 0.05), posterior.PointEstimate.AnomalyThreshold<double>(x, 0.05));
    }

    [Fact]
    public void Float_data_is_scored_in_float64_on_the_host()
    {
        var fixture = AnomalyFixture.For(CovarianceType.Diagonal);
        var model = fixture.Model(CovarianceType.Diagonal);
        var x = TestData.ToFloat(fixture.X);
        using var backend = CpuBackendProvider.Default.Create<float>();
        double expected = model.AnomalyThreshold<float>(x, 0.05);
        Assert.Equal(expected, backend.AnomalyThreshold(model, new InMemoryDataSource<float>(x, 3), 0.05));
        Assert.Equal(16, model.FlagAnomalies<float>(x, expected).Count(f => f));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_contamination_is_refused_naming_it(double contamination)
    {
        var fixture = AnomalyFixture.For(CovarianceType.Spherical);
        var model = fixture.Model(CovarianceType.Spherical);
        var posterior = AnomalyFixture.Load("bayesian_full").Posterior();
        var x = fixture.X;
        var source = new InMemoryDataSource<double>(x, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        Assert.Equal("contamination", Assert.Throws<ArgumentOutOfRangeException>(() => model.AnomalyThreshold<double>(x, contamination)).ParamName);
        Assert.Equal("contamination", Assert.Throws<ArgumentOutOfRangeException>(() => model.AnomalyThreshold(source, contamination)).ParamName);
        Assert.Equal("contamination", Assert.Throws<ArgumentOutOfRangeException>(() => backend.AnomalyThreshold(model, source, contamination)).ParamName);
        Assert.Equal("contamination", Assert.Throws<ArgumentOutOfRangeException>(() => posterior.AnomalyThreshold<double>(x, contamination)).ParamName);
        Assert.Equal("contamination", Assert.Throws<ArgumentOutOfRangeException>(() => posterior.AnomalyThreshold(source, contamination)).ParamName);
        Assert.Equal("contamination", Assert.Throws<ArgumentOutOfRangeException>(() => backend.AnomalyThreshold(posterior, source, contamination)).ParamName);
    }

    [Fact]
    public void Bad_threshold_and_data_are_refused_naming_them()
    {
        var model = AnomalyFixture.For(CovarianceType.Diagonal).Model(CovarianceType.Diagonal);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var data = new InMemoryDataSource<double>(new double[6], 3);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => model.FlagAnomalies<double>(new double[3], double.NaN)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => backend.FlagAnomalies(model, data, double.NaN)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => model.AnomalyThreshold<double>([], 0.1)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => model.AnomalyThreshold(new InMemoryDataSource<double>(new double[4], 2), 0.1)).ParamName);
        var bad = new InMemoryDataSource<double>(new double[] { 0, 1, 2, 3, double.NaN, 5 }, 3);
        Assert.Contains("point 1, feature 1", Assert.Throws<ArgumentException>(() => backend.AnomalyThreshold(model, bad, 0.1)).Message);
        // ±∞ thresholds are allowed: nothing, or every point, is flagged.
        Assert.DoesNotContain(true, model.FlagAnomalies<double>(new double[3], double.NegativeInfinity));
        Assert.DoesNotContain(false, model.FlagAnomalies<double>(new double[3], double.PositiveInfinity));
        // A single point is its own percentile: never below it.
        Assert.Equal(model.ScoreSamples<double>(new double[3])[0], model.AnomalyThreshold<double>(new double[3], 0.3));
    }
}
