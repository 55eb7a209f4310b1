using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Backends;

/// <summary>The public parts of the backend contract that third-party backends use.</summary>
public class BackendContractTests
{
    /// <summary>
    /// A backend written against the published contract alone (<see cref="ContractBackend{T}"/>) fits what the CPU
    /// backend fits: the contract says everything a backend needs.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void ABackendWrittenAgainstTheContractFitsAsTheCpuBackend(CovarianceType type)
    {
        var data = TestData.Blobs(150, 3, 3, seed: 21, offset: 30);
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 3, CovarianceType = type, Precision = ComputePrecision.Double, MaxIterations = 15, Tolerance = 0, Seed = 4,
        };
        var cpu = new GaussianMixture(options).Fit(data, 3);
        var contract = new GaussianMixture(options, new ContractBackendProvider()).Fit(data, 3);
        Assert.Equal("contract test backend", contract.Backend);
        Near.Equal(cpu.LowerBoundHistory, contract.LowerBoundHistory, 1e-10, 1, "lower bounds");
        Near.Equal(cpu.Model.Means, contract.Model.Means, 1e-9, 1, "means");
        Near.Equal(cpu.Model.Covariances, contract.Model.Covariances, 1e-8, 1e-6, "covariances");
    }

    /// <summary>Statistics created about a given reference add to statistics taken under the model that has it.</summary>
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void StatisticsCreatedAboutAGivenReferenceAddToTheModelsOwn(CovarianceType type)
    {
        const int d = 3, k = 2;
        var data = TestData.Blobs(100, d, k, seed: 3);
        var model = TestData.StartingModel(type, data, d, k);
        var own = SufficientStatistics.For<float>(model);
        var center = own.Center.ToArray();
        var reference = own.Reference.ToArray();
        var created = SufficientStatistics.Create(type, center, reference);
        center[0] += 1; // copied: the caller's arrays may change
        Assert.Equal(own.Center.ToArray(), created.Center.ToArray());
        Assert.Equal(own.Reference.ToArray(), created.Reference.ToArray());
        Assert.Equal((k, d, type), (created.ComponentCount, created.Dimension, created.CovarianceType));
        Assert.Equal(own.SecondOrder.Length, created.SecondOrder.Length);
        using var backend = CpuBackendProvider.Default.Create<float>();
        backend.Accumulate(model, new InMemoryDataSource<float>(TestData.ToFloat(data), d), created);
        own.Add(created);
        Assert.Equal(created.ZerothOrder.Sum(), own.ZerothOrder.Sum(), 9);
        var moved = SufficientStatistics.Create(type, own.Center, own.Reference.ToArray().Select(v => v + 1).ToArray());
        Assert.Throws<ArgumentException>("other", () => own.Add(moved));
    }

    [Fact]
    public void CreateRefusesBadShapes()
    {
        Assert.Throws<ArgumentException>("center", () => SufficientStatistics.Create(CovarianceType.Full, [], [1.0]));
        Assert.Throws<ArgumentException>("reference", () => SufficientStatistics.Create(CovarianceType.Full, [0.0, 0.0], [1.0, 2.0, 3.0]));
        Assert.Throws<ArgumentException>("reference", () => SufficientStatistics.Create(CovarianceType.Full, [0.0, 0.0], []));
        Assert.Throws<ArgumentException>("center", () => SufficientStatistics.Create(CovarianceType.Full, [double.NaN], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>("type", () => SufficientStatistics.Create((CovarianceType)7, [0.0], [1.0]));
    }

    [Fact]
    public void NearestCenterSearchChecksItsInputsAndCopiesTheOrigin()
    {
        var origin = new[] { 1.0, 2.0 };
        var search = new NearestCenter([0, 0, 5, 5], 2, 2, origin);
        origin[0] = 100;
        Assert.Equal([1.0, 2.0], search.Origin.ToArray());
        Assert.Equal((2, 2), (search.Count, search.Dimension));
        var labels = new[] { -1, 7, -1 };
        Assert.Equal(2, search.ResolveUncertain<double>([0.1, 0.2, 9, 9, 4.9, 5.1], labels));
        Assert.Equal([0, 7, 1], labels);
        Assert.Throws<ArgumentException>("centers", () => new NearestCenter([0, 0, 5], 2, 2, [0.0, 0.0]));
        Assert.Throws<ArgumentException>("origin", () => new NearestCenter([0, 0, 5, 5], 2, 2, [0.0]));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => new NearestCenter([], 0, 2, [0.0, 0.0]));
    }

    [Fact]
    public void CpuProviderRefusesANegativeThreadCount()
    {
        Assert.Equal("threads", Assert.Throws<ArgumentOutOfRangeException>(() => new CpuBackendProvider(-1)).ParamName);
        Assert.Equal(3, new CpuBackendProvider(3).Threads);
        Assert.Equal(Environment.ProcessorCount, CpuBackendProvider.Default.Threads);
    }
}
