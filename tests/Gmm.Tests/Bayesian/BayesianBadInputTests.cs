using Gmm;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>Bad settings, priors and posteriors are refused with an ArgumentException naming what is wrong.</summary>
public class BayesianBadInputTests
{
    private static readonly double[] Data = BayesianGaussianMixtureTests.FourClusters(60);

    private static BayesianFitResult Fit(BayesianGaussianMixtureOptions options) => new BayesianGaussianMixture(options).Fit(Data, 3);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void NonPositiveScalarPriors_AreRefusedWhenConstructed(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>("WeightConcentrationPrior",
            () => new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { WeightConcentrationPrior = value }));
        Assert.Throws<ArgumentOutOfRangeException>("MeanPrecisionPrior",
            () => new BayesianGaussianMixture(new BayesianGaussianMixtureOptions { MeanPrecisionPrior = value }));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    [InlineData(-3.0)]
    public void DegreesOfFreedomPrior_AtMostDMinusOne_IsRefused(double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("DegreesOfFreedomPrior", () => Fit(new() { DegreesOfFreedomPrior = value }));
        Assert.Contains("d − 1 = 2", e.Message);
    }

    [Fact]
    public void MeanPrior_OfTheWrongLength_IsRefused() =>
        Assert.Throws<ArgumentException>("MeanPrior", () => Fit(new() { MeanPrior = [1.0, 2.0] }));

    [Theory]
    [InlineData(CovarianceType.Full, 4)]
    [InlineData(CovarianceType.Tied, 3)]
    [InlineData(CovarianceType.Diagonal, 9)]
    [InlineData(CovarianceType.Spherical, 3)]
    public void CovariancePrior_OfTheWrongShape_IsRefused(CovarianceType type, int length)
    {
        var e = Assert.Throws<ArgumentException>("CovariancePrior",
            () => Fit(new() { CovarianceType = type, CovariancePrior = Enumerable.Repeat(1.0, length).ToArray() }));
        Assert.Contains("must hold", e.Message);
    }

    [Theory]
    [InlineData(CovarianceType.Full, new[] { 1.0, 0, 0, 0, 1, 0, 0, 0, -1 }, "not positive definite")]
    [InlineData(CovarianceType.Tied, new[] { 1.0, 2, 0, 2, 1, 0, 0, 0, 1 }, "not positive definite")]
    [InlineData(CovarianceType.Full, new[] { 1.0, 0.5, 0, 0, 1, 0, 0, 0, 1 }, "not symmetric")]
    [InlineData(CovarianceType.Diagonal, new[] { 1.0, 0, 1 }, "must be finite and > 0")]
    [InlineData(CovarianceType.Spherical, new[] { -2.0 }, "must be finite and > 0")]
    public void CovariancePrior_NotPositiveDefinite_IsRefused(CovarianceType type, double[] prior, string problem)
    {
        var e = Assert.Throws<ArgumentException>("CovariancePrior", () => Fit(new() { CovarianceType = type, CovariancePrior = prior }));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void InitialModel_ThatDoesNotMatch_IsRefused()
    {
        var start = Fit(new() { ComponentCount = 2, MaxIterations = 2 }).Model;
        Assert.Throws<ArgumentException>("InitialModel", () => new BayesianGaussianMixture(new() { ComponentCount = 3, InitialModel = start }));
        Assert.Throws<ArgumentException>("InitialModel",
            () => new BayesianGaussianMixture(new() { ComponentCount = 2, InitialModel = start, WeightConcentrationPriorType = WeightConcentrationPriorType.DirichletDistribution }));
        Assert.Throws<ArgumentException>("data", () => new BayesianGaussianMixture(new() { ComponentCount = 2, InitialModel = start }).Fit(new double[40], 2));
    }

    [Fact]
    public void MoreComponentsThanPoints_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>("ComponentCount", () => Fit(new() { ComponentCount = 61 }));

    [Fact]
    public void NonFiniteData_IsRefused()
    {
        var data = (double[])Data.Clone();
        data[7] = double.NaN;
        var e = Assert.Throws<ArgumentException>("data", () => new BayesianGaussianMixture().Fit(data, 3));
        Assert.Contains("point 2", e.Message);
    }

    [Fact]
    public void TotalWeightOfOne_LeavesNoDataCovariance()
    {
        var weights = Enumerable.Repeat(1.0 / 60, 60).ToArray();
        var e = Assert.Throws<ArgumentException>("CovariancePrior", () => new BayesianGaussianMixture().Fit(Data, 3, weights));
        Assert.Contains("give CovariancePrior", e.Message);
        // With the prior given, the same weights fit.
        Assert.True(double.IsFinite(new BayesianGaussianMixture(new() { CovariancePrior = [1.0, 0, 0, 0, 1, 0, 0, 0, 1] }).Fit(Data, 3, weights).LowerBound));
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal, 1, 0.5)]
    [InlineData(CovarianceType.Diagonal, 1, 0.1)]
    [InlineData(CovarianceType.Spherical, 3, 0.5)]
    [InlineData(CovarianceType.Spherical, 3, 0.1)]
    public void ConstantFeatures_WithoutRegularization_AreRefused(CovarianceType type, int constantFeatures, double constant)
    {
        // A zero variance of the data (spherical: every feature constant) is the default covariance prior's, as in
        // scikit-learn, and with reg_covar = 0 every posterior variance along it would be 0 (scikit-learn's fit fails). 0.1
        // is a constant that no double holds exactly: the mean and the scatter about it still give a variance of 0.
        var data = (double[])Data.Clone();
        for (int i = 0; i < 60; i++)
            for (int j = 3 - constantFeatures; j < 3; j++) data[i * 3 + j] = constant;
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 4, CovarianceType = type, RegularizationCovariance = 0 };
        var e = Assert.Throws<ArgumentException>("RegularizationCovariance", () => new BayesianGaussianMixture(options).Fit(data, 3));
        Assert.Contains("zero variance", e.Message);
        // A given (positive definite) covariance prior, or reg_covar > 0, fits the same data.
        var prior = BayesianPriors.CovarianceLength(type, 3) switch { 9 => new[] { 1.0, 0, 0, 0, 1, 0, 0, 0, 1 }, 3 => [1.0, 1, 1], _ => [1.0] };
        Assert.True(double.IsFinite(new BayesianGaussianMixture(options with { CovariancePrior = prior }).Fit(data, 3).LowerBound));
        Assert.True(double.IsFinite(new BayesianGaussianMixture(options with { RegularizationCovariance = 1e-6 }).Fit(data, 3).LowerBound));
    }

    [Fact]
    public void Posterior_WithBadParameters_IsRefused()
    {
        double[] one = [1.0], means = [0.0, 0.0], cov = [1.0, 0, 0, 1];
        var dp = WeightConcentrationPriorType.DirichletProcess;
        var dd = WeightConcentrationPriorType.DirichletDistribution;
        Assert.Throws<ArgumentException>("weightConcentrationRest", () => new BayesianGaussianMixtureModel(dp, CovarianceType.Full, one, null, one, means, [2.0], cov));
        Assert.Throws<ArgumentException>("weightConcentrationRest", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, one, one, one, means, [2.0], cov));
        Assert.Throws<ArgumentException>("weightConcentration", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, [0.0], null, one, means, [2.0], cov));
        Assert.Throws<ArgumentException>("meanPrecision", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, one, null, [-1.0], means, [2.0], cov));
        Assert.Throws<ArgumentException>("degreesOfFreedom", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, one, null, one, means, [1.0], cov));
        Assert.Throws<ArgumentException>("degreesOfFreedom", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, one, null, one, means, [2.0, 2.0], cov));
        Assert.Throws<ArgumentException>("covariances", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, one, null, one, means, [2.0], [1.0, 2, 2, 1]));
        Assert.Throws<ArgumentException>("means", () => new BayesianGaussianMixtureModel(dd, CovarianceType.Full, one, null, one, [0.0, double.NaN], [2.0], cov));
    }
}
