using Gmm;
using Gmm.Cpu;
using Gmm.Speech;
using Gmm.Speech.Adaptation;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>MAP adaptation (Reynolds et al. 2000) against a hand computation of the paper's formulas.</summary>
public class MapAdaptationTests
{
    // Component 1 lies 10⁴ standard deviations from the points: its responsibilities are exactly 0 (never visited).
    private static readonly GaussianMixtureModel Ubm = new(CovarianceType.Diagonal, [0.6, 0.4], [0, 1, 1e4, 1e4], [1, 2, 1, 1]);
    private static readonly double[] Points = [0.5, 2.0, -1.0, 0.0, 1.5, 1.5, 2.0, 3.5];

    [Fact]
    public void Means_weights_and_variances_follow_the_papers_formulas_and_an_unvisited_component_keeps_the_prior()
    {
        const double r = 16;
        var step = new MapAdaptationStep(Ubm, r, AdaptedParameters.Means | AdaptedParameters.Weights | AdaptedParameters.Variances);
        var adapted = step.Adapt(GpuTestData.Pass(new CpuEmBackend<double>(1), Ubm, new InMemoryDataSource<double>(Points, 2)));

        // By hand: every point belongs to component 0 (n = 4, T = 4).
        double n = 4, alpha = n / (n + r);
        double[] ex = [(0.5 - 1.0 + 1.5 + 2.0) / 4, (2.0 + 0.0 + 1.5 + 3.5) / 4];
        double[] ex2 = [(0.25 + 1 + 2.25 + 4) / 4, (4 + 0 + 2.25 + 12.25) / 4];
        double[] mu = [0, 1], sigma2 = [1, 2];
        for (int j = 0; j < 2; j++)
        {
            double mean = alpha * ex[j] + (1 - alpha) * mu[j];                                       // eq. 12
            double variance = alpha * ex2[j] + (1 - alpha) * (sigma2[j] + mu[j] * mu[j]) - mean * mean; // eq. 13
            Assert.Equal(mean, adapted.Means[j], 12);
            Assert.Equal(variance, adapted.Covariances[j], 12);
        }
        double w0 = alpha * n / 4 + (1 - alpha) * 0.6, w1 = 0.4, gamma = 1 / (w0 + w1);                // eq. 11
        Assert.Equal(gamma * w0, adapted.Weights[0], 12);
        Assert.Equal(gamma * w1, adapted.Weights[1], 12);
        // The unvisited component: the prior's mean and variances bit for bit.
        Assert.Equal([1e4, 1e4], adapted.Means.Skip(2));
        Assert.Equal([1.0, 1.0], adapted.Covariances.Skip(2));
    }

    [Fact]
    public void Means_only_is_the_default_and_leaves_weights_and_variances_exactly()
    {
        var adapted = new MapAdaptationStep(Ubm).Adapt(GpuTestData.Pass(new CpuEmBackend<double>(1), Ubm, new InMemoryDataSource<double>(Points, 2)));
        Assert.Equal(Ubm.Weights, adapted.Weights);
        Assert.Equal(Ubm.Covariances, adapted.Covariances);
        Assert.Equal(0.2 * 0.75, adapted.Means[0], 12);          // α = 4/20, E[x] = (0.75, 1.75)
        Assert.Equal(1 + 0.2 * (1.75 - 1), adapted.Means[1], 12);
    }

    [Fact]
    public void Full_covariances_adapt_as_matrices()
    {
        var prior = new GaussianMixtureModel(CovarianceType.Full, [1.0], [0, 0], [2, 0.5, 0.5, 1]);
        var adapted = new MapAdaptationStep(prior, 4, AdaptedParameters.Means | AdaptedParameters.Variances)
            .Adapt(GpuTestData.Pass(new CpuEmBackend<double>(1), prior, new InMemoryDataSource<double>(Points, 2)));
        double alpha = 4.0 / 8;
        double[] ex = [0.75, 1.75];
        double[,] exx = { { 7.5 / 4, (1 + 0 + 2.25 + 7) / 4 }, { (1 + 0 + 2.25 + 7) / 4, 18.5 / 4 } };
        double[,] sigma = { { 2, 0.5 }, { 0.5, 1 } };
        double[] mean = [alpha * ex[0], alpha * ex[1]];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                Assert.Equal(alpha * exx[a, b] + (1 - alpha) * sigma[a, b] - mean[a] * mean[b], adapted.Covariances[a * 2 + b], 12);
    }

    [Fact]
    public void Settings_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MapAdaptationStep(Ubm, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MapAdaptationStep(Ubm, 16, 0));
        var tied = new GaussianMixtureModel(CovarianceType.Tied, [0.5, 0.5], [0, 0, 1, 1], [1, 0, 0, 1]);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => new MapAdaptationStep(tied, 16, AdaptedParameters.Variances)).ParamName);
        var wrong = SufficientStatistics.For<double>(tied);
        Assert.Throws<ArgumentException>(() => new MapAdaptationStep(Ubm).Adapt(wrong));
    }

    [Fact]
    public void Speakers_from_a_stream_of_utterances_equal_one_adaptation_each()
    {
        var ubm = GpuTestData.Model(CovarianceType.Diagonal, k: 4, d: 3, seed: 40);
        var utterances = Enumerable.Range(0, 6).Select(i => new Utterance($"u{i}",
            new FeatureMatrix(30, 3, GpuTestData.Points<float>(ubm, 30, seed: 41 + i)))).ToList();
        var speakers = new[] { new SpeakerEnrollment("a", ["u0", "u3"]), new SpeakerEnrollment("b", ["u1", "u4", "u5"]) };
        using var adapter = new MapAdapter(ubm, new MapOptions { Parameters = AdaptedParameters.Means | AdaptedParameters.Variances, Precision = ComputePrecision.Double });
        var models = adapter.AdaptSpeakers(utterances, speakers).ToList();
        Assert.Equal(["a", "b"], models.Select(m => m.Speaker));   // a is complete after u3, b after u5
        Assert.Equal([60L, 90L], models.Select(m => m.Frames));
        var a = adapter.Adapt(new InMemoryDataSource<float>(utterances[0].Features.Values.Concat(utterances[3].Features.Values).ToArray(), 3));
        Near.Equal(a.Means, models[0].Model.Means, 1e-9);
        Near.Equal(a.Covariances, models[0].Model.Covariances, 1e-9);

        var missing = Assert.Throws<ArgumentException>(() => adapter.AdaptSpeakers(utterances.Take(4), speakers).ToList());
        Assert.Contains("utterance 'u4' of speaker 'b' is not in the features", missing.Message);
        var twice = new[] { new SpeakerEnrollment("a", ["u0"]), new SpeakerEnrollment("b", ["u0"]) };
        Assert.Throws<ArgumentException>(() => adapter.AdaptSpeakers(utterances, twice));
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Spherical)]
    public void The_GPU_backend_adapts_as_the_CPU_backend_from_one_upload_of_the_UBM(CovarianceType type)
    {
        var ubm = GpuTestData.Model(type, k: 3, d: 2, seed: 50);
        var options = new MapOptions { Parameters = AdaptedParameters.Means | AdaptedParameters.Weights | AdaptedParameters.Variances, Precision = ComputePrecision.Double };
        var utterances = Enumerable.Range(0, 3).Select(i => new Utterance($"s{i}", new FeatureMatrix(25, 2, GpuTestData.Points<float>(ubm, 25, seed: 51 + i)))).ToList();
        var speakers = utterances.Select(u => new SpeakerEnrollment(u.Key, [u.Key])).ToList();
        using var cpu = new MapAdapter(ubm, options);
        using var gpu = new MapAdapter(ubm, options, GpuTestData.Provider);
        var expected = cpu.AdaptSpeakers(utterances, speakers).ToList();
        var actual = gpu.AdaptSpeakers(utterances, speakers).ToList();
        for (int s = 0; s < 3; s++)
        {
            Near.Equal(expected[s].Model.Means, actual[s].Model.Means, 1e-9, floor: 1);
            Near.Equal(expected[s].Model.Covariances, actual[s].Model.Covariances, 1e-9, floor: 1);
            Near.Equal(expected[s].Model.Weights, actual[s].Model.Weights, 1e-9, floor: 1);
        }
    }
}
