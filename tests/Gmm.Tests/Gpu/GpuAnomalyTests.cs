using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Queries;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>Anomaly thresholds and flags on the GPU backend (its own query kernels; ILGPU's CPU accelerator in tests) against the host's.</summary>
public class GpuAnomalyTests
{
    public static TheoryData<CovarianceType> Types() => TestData.Types();

    [Theory]
    [MemberData(nameof(Types))]
    public void Double_thresholds_and_flags_match_the_host(CovarianceType type)
    {
        var fixture = AnomalyFixture.For(type);
        var model = fixture.Model(type);
        var source = new InMemoryDataSource<double>(fixture.X, fixture.Dimension);
        using var host = CpuBackendProvider.Default.Create<double>();
        using var gpu = GpuTestData.Provider.Create<double>();
        Assert.IsAssignableFrom<IPointEvaluator<double>>(gpu);
        foreach (var (contamination, threshold, flagged) in fixture.Thresholds)
        {
            double actual = gpu.AnomalyThreshold(model, source, contamination, chunkRows: 100);
            Near.Equal(host.AnomalyThreshold(model, source, contamination), actual, 1e-9, $"threshold at {contamination}");
            Near.Equal(threshold, actual, 1e-9, $"scikit-learn's threshold at {contamination}");
            Assert.Equal(flagged, gpu.FlagAnomalies(model, source, actual, chunkRows: 100).Sum(c => c.Flags.Count(f => f)));
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Float_thresholds_match_the_host_to_float_precision(CovarianceType type)
    {
        var fixture = AnomalyFixture.For(type);
        var model = fixture.Model(type);
        var x = TestData.ToFloat(fixture.X);
        var source = new InMemoryDataSource<float>(x, fixture.Dimension);
        using var gpu = GpuTestData.Provider.Create<float>();
        foreach (double contamination in new[] { 0.01, 0.1, 0.6 })
        {
            double expected = model.AnomalyThreshold<float>(x, contamination), actual = gpu.AnomalyThreshold(model, source, contamination);
            Near.Equal(expected, actual, 2e-4, $"threshold at {contamination}");
            // Points farther from the threshold than the float error get the host's flag.
            var scores = model.ScoreSamples<float>(x);
            var flags = gpu.FlagAnomalies(model, source, expected).SelectMany(c => c.Flags).ToArray();
            for (int i = 0; i < scores.Length; i++)
                if (Math.Abs(scores[i] - expected) > 1e-3 * Math.Max(1, Math.Abs(expected))) Assert.Equal(scores[i] < expected, flags[i]);
        }
    }

    [Fact]
    public void Variational_threshold_matches_the_host()
    {
        var fixture = AnomalyFixture.Load("bayesian_full");
        var posterior = fixture.Posterior();
        var source = new InMemoryDataSource<double>(fixture.X, fixture.Dimension);
        using var gpu = GpuTestData.Provider.Create<double>();
        Near.Equal(posterior.AnomalyThreshold<double>(fixture.X, 0.05), gpu.AnomalyThreshold(posterior, source, 0.05), 1e-9);
    }
}
