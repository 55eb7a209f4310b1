using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The GPU backend's queries (IPointEvaluator) on ILGPU's CPU accelerator against the host's.</summary>
public class GpuQueryTests
{
    public static TheoryData<CovarianceType> Types() => TestData.Types();

    [Theory]
    [MemberData(nameof(Types))]
    public void Float_queries_match_the_host(CovarianceType type) => QueriesMatchHost<float>(type, tolerance: 2e-4);

    [Theory]
    [MemberData(nameof(Types))]
    public void Double_queries_match_the_host(CovarianceType type) => QueriesMatchHost<double>(type, tolerance: 1e-9);

    private static void QueriesMatchHost<T>(CovarianceType type, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var model = GpuTestData.Model(type, k: 5, d: 4, seed: 21, separation: 2);
        var points = GpuTestData.Points<T>(model, 90, seed: 22);
        var data = new InMemoryDataSource<T>(points, 4);
        using var host = CpuBackendProvider.Default.Create<T>();
        using var gpu = GpuTestData.Provider.Create<T>();
        Assert.IsAssignableFrom<IPointEvaluator<T>>(gpu);
        var expected = host.Evaluate(model, data, QueryOutputs.Labels | QueryOutputs.Probabilities).Single();
        var actual = gpu.Evaluate(model, data, QueryOutputs.Labels | QueryOutputs.Probabilities).Single();
        Near.Equal(expected.LogDensities, actual.LogDensities, tolerance, floor: 1, what: "log p(x)");
        Near.Equal(expected.Probabilities!, actual.Probabilities!, tolerance, floor: 1, what: "posteriors");
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(host.Score(model, data), gpu.Score(model, data), tolerance);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Top_C_scores_match_the_host(CovarianceType type)
    {
        var ubm = GpuTestData.Model(type, k: 7, d: 3, seed: 23, separation: 1.5);
        var speakers = new[] { GpuTestData.Model(type, k: 7, d: 3, seed: 24, separation: 1.5), GpuTestData.Model(type, k: 7, d: 3, seed: 25, separation: 1.5) };
        var data = new InMemoryDataSource<double>(GpuTestData.Points<double>(ubm, 80, seed: 26), 3);
        using var host = CpuBackendProvider.Default.Create<double>();
        using var gpu = (GpuEmBackend<double>)GpuTestData.Provider.Create<double>();
        foreach (int c in new[] { 3, 0 })
        {
            var expected = host.ScoreShortlisted(ubm, speakers, c, data);
            var actual = gpu.ScoreShortlisted(ubm, speakers, c, data, chunkRows: 30);
            Near.Equal(expected.LogLikelihoods, actual.LogLikelihoods, 1e-8, what: $"C = {c}");
        }
        Assert.Equal(3, gpu.QueryModelUploads); // the UBM and the two speakers, once for both C and every chunk
    }

    [Fact]
    public void Float_top_C_with_every_component_is_full_scoring()
    {
        var ubm = GpuTestData.Model(CovarianceType.Diagonal, k: 70, d: 5, seed: 27);
        var speaker = GpuTestData.Model(CovarianceType.Diagonal, k: 70, d: 5, seed: 28);
        var points = GpuTestData.Points<float>(ubm, 50, seed: 29);
        using var gpu = GpuTestData.Provider.Create<float>();
        var totals = gpu.ScoreShortlisted(ubm, [speaker], 70, new InMemoryDataSource<float>(points, 5));
        Assert.Equal(ubm.ScoreSamples<float>(points).Sum(), totals.LogLikelihoods[0], 1e-5 * 50 * 100);
        Assert.Equal(speaker.ScoreSamples<float>(points).Sum(), totals.LogLikelihoods[1], 1e-5 * 50 * 100);
    }

    [Fact]
    public void Statistics_of_many_data_sets_under_one_model_upload_it_once()
    {
        var model = GpuTestData.Model(CovarianceType.Diagonal, k: 4, d: 3, seed: 30);
        using var gpu = (GpuEmBackend<float>)GpuTestData.Provider.Create<float>();
        using var cpu = CpuBackendProvider.Default.Create<float>();
        for (int speaker = 0; speaker < 3; speaker++)
        {
            var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(model, 40, seed: 31 + speaker), 3);
            StatisticsAssert.Close(GpuTestData.Pass(cpu, model, data), GpuTestData.Pass(gpu, model, data), 1e-4);
        }
        Assert.Equal(1, gpu.AccumulateUploads);
        var other = GpuTestData.Model(CovarianceType.Diagonal, k: 4, d: 3, seed: 34);
        GpuTestData.Pass(gpu, other, new InMemoryDataSource<float>(GpuTestData.Points<float>(other, 10, seed: 35), 3));
        Assert.Equal(2, gpu.AccumulateUploads);
    }
}
