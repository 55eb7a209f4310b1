using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Conformance;

/// <summary>
/// What every backend must do, run against each one (the CPU backend, the ILGPU backend on its CPU accelerator, ...).
/// Data is small: the ILGPU CPU accelerator is slow.
/// </summary>
public abstract class BackendConformance
{
    protected abstract IEmBackendProvider Provider { get; }

    private const int N = 240, D = 3, K = 3;

    private static double[] Data => TestData.Blobs(N, D, K, seed: 5);

    private SufficientStatistics Run<T>(GaussianMixtureModel model, IDataSource<T> source) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var backend = Provider.Create<T>();
        var stats = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, source, stats);
        return stats;
    }

    private static void AssertStatistics(SufficientStatistics expected, SufficientStatistics actual, double relative)
    {
        double scale = expected.WeightSum;
        Near.Equal(expected.ZerothOrder, actual.ZerothOrder, relative, scale * 1e-3, "N");
        Near.Equal(expected.FirstOrder, actual.FirstOrder, relative, scale, "F");
        Near.Equal(expected.SecondOrder, actual.SecondOrder, relative, scale, "S");
        Near.Equal(expected.LogLikelihood, actual.LogLikelihood, relative, "LogLikelihood");
        Near.Equal(expected.WeightSum, actual.WeightSum, 1e-12, "WeightSum");
        Assert.Equal(expected.PointCount, actual.PointCount);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Statistics_MatchTextbookFormulas_InDouble(CovarianceType type)
    {
        var data = Data;
        var model = TestData.StartingModel(type, data, D, K);
        var actual = Run(model, new InMemoryDataSource<double>(data, D));
        AssertStatistics(NaiveStatistics.Compute<double>(model, data), actual, 1e-9);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Statistics_MatchTextbookFormulas_InSingle(CovarianceType type)
    {
        var data = TestData.Blobs(N, D, K, seed: 5, offset: 1e4);
        var rounded = Array.ConvertAll(TestData.ToFloat(data), v => (double)v);
        var model = TestData.StartingModel(type, rounded, D, K);
        var actual = Run(model, new InMemoryDataSource<float>(TestData.ToFloat(data), D));
        AssertStatistics(NaiveStatistics.Compute<float>(model, rounded), actual, 1e-4);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Statistics_DoNotDependOnChunking(CovarianceType type)
    {
        var data = Data;
        var model = TestData.StartingModel(type, data, D, K);
        var whole = Run(model, new InMemoryDataSource<double>(data, D));
        var chunked = Run(model, new SmallChunkSource<double>(new InMemoryDataSource<double>(data, D), 7));
        AssertStatistics(whole, chunked, 1e-11);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Statistics_Add(CovarianceType type)
    {
        var data = Data;
        var model = TestData.StartingModel(type, data, D, K);
        var whole = Run(model, new InMemoryDataSource<double>(data, D));
        int split = 100 * D;
        var first = Run(model, new InMemoryDataSource<double>(data.AsMemory(0, split), D));
        var second = Run(model, new InMemoryDataSource<double>(data.AsMemory(split), D));
        first.Add(second);
        AssertStatistics(whole, first, 1e-11);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Weighted_EqualsRepeatedPoints(CovarianceType type)
    {
        var data = Data;
        int n = data.Length / D;
        var weights = new double[n];
        var repeated = new List<double>();
        for (int i = 0; i < n; i++)
        {
            weights[i] = i % 4; // 0, 1, 2, 3 copies
            for (int r = 0; r < weights[i]; r++) repeated.AddRange(data.AsSpan(i * D, D).ToArray());
        }
        var model = TestData.StartingModel(type, data, D, K);
        var weighted = Run(model, new InMemoryDataSource<double>(data, D, weights));
        var copies = Run(model, new InMemoryDataSource<double>(repeated.ToArray(), D));
        weighted.PointCount = copies.PointCount; // the only statistic that counts rows, not weight
        AssertStatistics(copies, weighted, 1e-10);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Fit_FromTheSameStart_MatchesTheCpuBackend(CovarianceType type)
    {
        var data = Data;
        var start = TestData.StartingModel(type, data, D, K);
        var options = new GaussianMixtureOptions
        {
            ComponentCount = K, CovarianceType = type, Tolerance = 0, MaxIterations = 4,
            InitialParameters = InitialParameters.FromModel(start),
        };
        var expected = new GaussianMixture(options).Fit(TestData.ToFloat(data), D);
        var actual = new GaussianMixture(options, Provider).Fit(TestData.ToFloat(data), D);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Near.Equal(expected.LowerBoundHistory, actual.LowerBoundHistory, 1e-4, 1, "lower bound");
        Near.Equal(expected.Model.Means, actual.Model.Means, 1e-4, 1, "means");
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Fit_DropsAComponentThatLosesAllItsPoints(CovarianceType type)
    {
        var data = Data;
        var start = TestData.StartingModel(type, data, D, K);
        var means = start.Means.ToArray();
        for (int j = 0; j < D; j++) means[2 * D + j] = 1e6; // far from every point
        var options = new GaussianMixtureOptions
        {
            ComponentCount = K, CovarianceType = type, MaxIterations = 5,
            InitialParameters = new InitialParameters(start.Weights.ToArray(), means, start.ComputePrecisions()),
        };
        var result = new GaussianMixture(options, Provider).Fit(data, D);
        Assert.Equal(K - 1, result.Model.ComponentCount);
        Assert.Contains(result.Warnings, w => w.Kind == FitWarningKind.ComponentDropped && w.Component == 2);
        Assert.True(double.IsFinite(result.LowerBound));
        Assert.All(result.Model.Means, m => Assert.True(double.IsFinite(m)));
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Fit_SurvivesAComponentCollapsingOntoOnePoint(CovarianceType type)
    {
        // 60 points on a small cloud plus one isolated point that a component will own alone.
        var data = TestData.Blobs(60, D, 1, seed: 9).Concat([50.0, 50.0, 50.0]).ToArray();
        var options = new GaussianMixtureOptions { ComponentCount = 2, CovarianceType = type, MaxIterations = 20, Initialization = InitializationMethod.KMeans };
        var result = new GaussianMixture(options, Provider).Fit(data, D);
        Assert.True(double.IsFinite(result.LowerBound));
        Assert.All(result.Model.Covariances, v => Assert.True(double.IsFinite(v)));
        if (type != CovarianceType.Tied)
            Assert.Contains(result.Warnings, w => w.Kind == FitWarningKind.ComponentCollapsed);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void MaxIterationsZero_ReturnsTheStartingModel(CovarianceType type)
    {
        // scikit-learn's max_iter=0: the start itself, no iteration, lower bound −∞, not converged, no warning.
        var start = TestData.StartingModel(type, Data, D, K);
        var options = new GaussianMixtureOptions
        {
            ComponentCount = K, CovarianceType = type, MaxIterations = 0, InitializationCount = 2,
            InitialParameters = InitialParameters.FromModel(start),
        };
        var result = new GaussianMixture(options, Provider).Fit(TestData.ToFloat(Data), D);
        Assert.Equal(0, result.Iterations);
        Assert.False(result.Converged);
        Assert.Equal(double.NegativeInfinity, result.LowerBound);
        Assert.Empty(result.LowerBoundHistory);
        Assert.Empty(result.Warnings);
        Near.Equal(start.Means.ToArray(), result.Model.Means.ToArray(), 1e-12, 1e-12, "means");
        Near.Equal(start.Covariances.ToArray(), result.Model.Covariances.ToArray(), 1e-9, 1e-12, "covariances");
        Near.Equal(start.Weights.ToArray(), result.Model.Weights.ToArray(), 1e-12, 1e-12, "weights");
    }
}
