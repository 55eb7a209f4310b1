using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>The shared EM loop: initialisation methods, restarts, warm start, determinism, convergence.</summary>
public class EmLoopTests
{
    private static readonly double[] Data = TestData.Blobs(600, 4, 3, seed: 11);

    public static TheoryData<CovarianceType, InitializationMethod> TypesAndInits()
    {
        var data = new TheoryData<CovarianceType, InitializationMethod>();
        foreach (var t in TestData.AllTypes)
            foreach (var m in Enum.GetValues<InitializationMethod>()) data.Add(t, m);
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndInits))]
    public void EveryInitialization_FitsAndIsDeterministic(CovarianceType type, InitializationMethod init)
    {
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Initialization = init, Seed = 42, MaxIterations = 300 };
        var first = new GaussianMixture(options).Fit(TestData.ToFloat(Data), 4);
        var second = new GaussianMixture(options).Fit(TestData.ToFloat(Data), 4);
        Assert.True(first.Converged);
        Assert.Equal(first.LowerBoundHistory, second.LowerBoundHistory); // bit-identical
        Assert.Equal(first.Model.Means, second.Model.Means);
        // EM never decreases the lower bound (up to float32 rounding of the E-step).
        for (int i = 1; i < first.LowerBoundHistory.Count; i++)
            Assert.True(first.LowerBoundHistory[i] >= first.LowerBoundHistory[i - 1] - 1e-5, $"lower bound fell at iteration {i + 1}");
        Assert.Equal(first.LowerBoundHistory[^1], first.LowerBound);
        Assert.Equal(first.Iterations, first.LowerBoundHistory.Count);
    }

    [Fact]
    public void KMeansInitialization_FindsSeparatedClusters()
    {
        var result = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal }).Fit(Data, 4);
        var weights = result.Model.Weights.Order().ToArray();
        Assert.All(weights, w => Assert.InRange(w, 0.3, 0.37));
    }

    [Fact]
    public void Restarts_KeepTheBestLowerBound()
    {
        var single = Enumerable.Range(0, 4).Select(seed => new GaussianMixture(new GaussianMixtureOptions
        { ComponentCount = 5, Initialization = InitializationMethod.Random, Seed = seed }).Fit(Data, 4)).ToList();
        var best = new GaussianMixture(new GaussianMixtureOptions
        { ComponentCount = 5, Initialization = InitializationMethod.Random, Seed = 0, InitializationCount = 4 }).Fit(Data, 4);
        Assert.InRange(best.BestInitialization, 0, 3);
        Assert.True(best.LowerBound >= single[0].LowerBound);
    }

    [Fact]
    public void NotConverging_IsReportedNotThrown()
    {
        var result = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 3, MaxIterations = 2, Tolerance = 0 }).Fit(Data, 4);
        Assert.False(result.Converged);
        Assert.Equal(2, result.Iterations);
        Assert.Contains(result.Warnings, w => w.Kind == FitWarningKind.NotConverged);
    }

    [Fact]
    public void WarmStart_ContinuesFromThePreviousModel()
    {
        var options = new GaussianMixtureOptions { ComponentCount = 3, MaxIterations = 3, Tolerance = 0, WarmStart = true };
        var gmm = new GaussianMixture(options);
        var first = gmm.Fit(Data, 4);
        var second = gmm.Fit(Data, 4);
        var straight = new GaussianMixture(options with { MaxIterations = 6, WarmStart = false }).Fit(Data, 4);
        Near.Equal(straight.LowerBoundHistory.Skip(3).ToArray(), second.LowerBoundHistory, 1e-12, 1, "lower bound");
        Assert.Same(second.Model, gmm.Model);
        Assert.NotSame(first.Model, second.Model);
    }

    [Fact]
    public void WarmStart_AfterADroppedComponent_SaysHowToContinue()
    {
        var start = TestData.StartingModel(CovarianceType.Diagonal, Data, 4, 3);
        var means = start.Means.ToArray();
        for (int j = 0; j < 4; j++) means[2 * 4 + j] = 1e6;
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, MaxIterations = 3, WarmStart = true,
            InitialParameters = new InitialParameters(start.Weights.ToArray(), means, start.ComputePrecisions()),
        };
        var gmm = new GaussianMixture(options);
        Assert.Equal(2, gmm.Fit(Data, 4).Model.ComponentCount);
        var e = Assert.ThrowsAny<ArgumentException>(() => gmm.Fit(Data, 4));
        Assert.Contains("set ComponentCount = 2", e.Message);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void DoublePrecision_AgreesWithSingleToFloatAccuracy(CovarianceType type)
    {
        var start = InitialParameters.FromModel(TestData.StartingModel(type, Data, 4, 3));
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, InitialParameters = start, MaxIterations = 5, Tolerance = 0 };
        var single = new GaussianMixture(options).Fit(Data, 4);
        var dbl = new GaussianMixture(options with { Precision = ComputePrecision.Double }).Fit(Data, 4);
        Near.Equal(dbl.LowerBoundHistory, single.LowerBoundHistory, 1e-5, 1, "lower bound");
        Assert.Contains("Double", dbl.Backend);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void OneChunk_EqualsManyChunks(CovarianceType type)
    {
        var start = InitialParameters.FromModel(TestData.StartingModel(type, Data, 4, 3));
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, InitialParameters = start, MaxIterations = 6, Tolerance = 0, Precision = ComputePrecision.Double };
        var whole = new GaussianMixture(options).Fit(Data, 4);
        var source = new SmallChunkSource<double>(new InMemoryDataSource<double>(Data, 4), 13);
        var streamed = new GaussianMixture(options with { InMemoryLimitBytes = 0 }).Fit(source);
        var materialized = new GaussianMixture(options).Fit(source);
        Near.Equal(whole.LowerBoundHistory, streamed.LowerBoundHistory, 1e-12, 1, "lower bound");
        Near.Equal(whole.Model.Covariances, streamed.Model.Covariances, 1e-10, 1, "covariances");
        Assert.Equal(whole.LowerBoundHistory, materialized.LowerBoundHistory);
    }

    [Fact]
    public void FloatDataInDoublePrecision_StreamsOrMaterializesToTheSameAnswer()
    {
        var start = InitialParameters.FromModel(TestData.StartingModel(CovarianceType.Full, Data, 4, 3));
        var options = new GaussianMixtureOptions { ComponentCount = 3, InitialParameters = start, MaxIterations = 4, Tolerance = 0, Precision = ComputePrecision.Double };
        var floats = TestData.ToFloat(Data);
        var weights = Enumerable.Range(0, floats.Length / 4).Select(i => (float)(1 + i % 3)).ToArray();
        var streamed = new GaussianMixture(options with { InMemoryLimitBytes = 0 }).Fit(floats, 4, weights);
        var materialized = new GaussianMixture(options).Fit(floats, 4, weights);
        Assert.Equal(streamed.LowerBoundHistory, materialized.LowerBoundHistory);
    }

    [Fact]
    public void Cancellation_StopsTheFit()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 2 }).Fit(Data, 4, cancellationToken: cts.Token));
    }

    [Fact]
    public void Progress_ReportsEveryIteration()
    {
        var reports = new List<IterationReport>();
        var result = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 3, MaxIterations = 4, Tolerance = 0 })
            .Fit(Data, 4, progress: new SyncProgress(reports.Add));
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Iteration));
        Assert.Equal(result.LowerBoundHistory, reports.Select(r => r.LowerBound));
    }

    private sealed class SyncProgress(Action<IterationReport> action) : IProgress<IterationReport>
    {
        public void Report(IterationReport value) => action(value);
    }
}
