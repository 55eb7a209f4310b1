using Gmm;
using Gmm.Gpu.Covariance;
using Gmm.Gpu.Kernels;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The GPU side's one definition per covariance type (<see cref="DeviceCovariance"/>).</summary>
public class DeviceCovarianceTests
{
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void EachTypeHasOneDefinitionThatFoldsItsDeviceStatisticsIntoTheHostLayout(CovarianceType type)
    {
        const int k = 3, d = 5;
        var covariance = DeviceCovariance.For(type);
        Assert.Equal(type, covariance.Type);
        Assert.Equal(type, ((ICovarianceKind)Activator.CreateInstance(covariance.Kind)!).Type);
        var device = Enumerable.Repeat(1.0, (int)covariance.SecondOrderLength(k, d)).ToArray();
        var host = new double[SufficientStatistics.SecondOrderLength(type, k, d)];
        covariance.AddSecondOrder(device, host, k, d);
        Assert.All(host, v => Assert.Equal(type == CovarianceType.Spherical ? d : 1.0, v)); // spherical: per-feature sums added up
        Assert.Equal(type == CovarianceType.Tied, covariance.ProjectsPoints);
        Assert.Equal(type switch { CovarianceType.Full => k, CovarianceType.Tied => 1, _ => 0 }, covariance.FactorCount(k));
    }

    [Fact]
    public void UnknownTypesAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>("type", () => DeviceCovariance.For((CovarianceType)9));
}
