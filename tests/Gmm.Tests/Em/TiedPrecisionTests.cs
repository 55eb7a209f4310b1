using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>Float32 statistics and the tied covariance: the fit says when it cannot resolve it.</summary>
public class TiedPrecisionTests
{
    private const int D = 3, K = 4;

    [Fact]
    public void FarApartTightClusters_WarnInSingleAndAreAccurateInDouble()
    {
        // Means hundreds of spreads apart: float32 sums about one shared point cancel (the audit saw 5% errors).
        var data = TestData.Blobs(800, D, K, seed: 3, separation: 400);
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = CovarianceType.Tied, Seed = 1 };
        var single = new GaussianMixture(options).Fit(data, D);
        var warning = Assert.Single(single.Warnings, w => w.Kind == FitWarningKind.PrecisionLoss);
        Assert.Contains("Precision = Double", warning.Message);
        var precise = new GaussianMixture(options with { Precision = ComputePrecision.Double }).Fit(data, D);
        Assert.DoesNotContain(precise.Warnings, w => w.Kind == FitWarningKind.PrecisionLoss);
        Assert.True(TiedPrecision.WorstRatio(precise.Model).Ratio > 1e4);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void OrdinaryClusters_DoNotWarn(CovarianceType type)
    {
        var data = TestData.Blobs(600, D, K, seed: 3);
        var result = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = K, CovarianceType = type }).Fit(data, D);
        Assert.DoesNotContain(result.Warnings, w => w.Kind == FitWarningKind.PrecisionLoss);
    }

    [Fact]
    public void Ratio_IsTheSpreadOfTheMeansOverTheCovariancePlusOne()
    {
        // Two equal components at ±3 in feature 0 with unit tied variance: between = 9, within = 1, ratio 10.
        var model = new GaussianMixtureModel(CovarianceType.Tied, [0.5, 0.5], [-3, 0, 3, 0], [1, 0, 0, 4]);
        var (ratio, feature) = TiedPrecision.WorstRatio(model);
        Assert.Equal(10, ratio, 12);
        Assert.Equal(0, feature);
        Assert.Equal(1, TiedPrecision.WorstRatio(new GaussianMixtureModel(CovarianceType.Diagonal, [1.0], [5, 5], [1, 1])).Ratio);
    }
}
