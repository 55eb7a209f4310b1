using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Mclust;

/// <summary>The model table, the scatter's derived forms, regularisation and the small linear algebra under the M-steps.</summary>
public class MclustTableTests
{
    [Fact]
    public void TableHoldsTheFourteenModelsInMclustsOrder()
    {
        Assert.Equal(["EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV"],
            MclustModels.All.Select(m => m.Name));
        Assert.Equal(["VEI", "VEE", "EVE", "VVE", "VEV"], MclustModels.All.Where(m => m.IsIterative).Select(m => m.Name));
        foreach (var type in Enum.GetValues<CovarianceType>())
            Assert.Equal(type, MclustModels.Get(MclustModels.ForCovarianceType(type)).CovarianceType);
    }

    [Theory]
    [InlineData("vev", MclustModel.VEV)]
    [InlineData(" EII ", MclustModel.EII)]
    public void ParseAcceptsAnyCase(string name, MclustModel expected) => Assert.Equal(expected, MclustModels.Parse(name));

    [Theory]
    [InlineData("VVX")]
    [InlineData("001")]
    [InlineData("full")]
    [InlineData("")]
    public void ParseRefusesWhatIsNotAModel(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => MclustModels.Parse(name));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("EII, VII", e.Message);
    }

    [Fact]
    public void CountsRefuseNonPositiveSizes()
    {
        Assert.Equal("componentCount", Assert.Throws<ArgumentOutOfRangeException>(() => MclustModels.Get(MclustModel.VVV).ParameterCount(0, 3)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => MclustModels.Get(MclustModel.VVV).VarianceParameterCount(2, 0)).ParamName);
    }

    [Fact]
    public void InnerOptionsAreValidated()
    {
        Assert.Equal("InnerTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new MclustMStepOptions { InnerTolerance = 1 }.Validate()).ParamName);
        Assert.Equal("InnerMaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new MclustMStepOptions { InnerMaxIterations = 0 }.Validate()).ParamName);
    }

    /// <summary>An M-step given full statistics equals the one given the poorer statistics its model keeps.</summary>
    [Theory]
    [InlineData(MclustModel.EII)]
    [InlineData(MclustModel.VII)]
    [InlineData(MclustModel.EEI)]
    [InlineData(MclustModel.VEI)]
    [InlineData(MclustModel.EVI)]
    [InlineData(MclustModel.VVI)]
    [InlineData(MclustModel.EEE)]
    public void RicherStatisticsGiveTheSameEstimate(MclustModel model)
    {
        var fixture = MclustFixture.Load("iris");
        var info = MclustModels.Get(model);
        var own = info.MStep(ComponentScatter.FromStatistics(fixture.Statistics(info.CovarianceType), 1e-3), new MclustMStepOptions(), null)!;
        var fromFull = info.MStep(ComponentScatter.FromStatistics(fixture.Statistics(CovarianceType.Full), 1e-3), new MclustMStepOptions(), null)!;
        Near.Equal(own.Covariances, fromFull.Covariances, 1e-12, floor: 1, what: "covariances");
        Near.Equal(own.Means, fromFull.Means, 1e-12, floor: 1, what: "means");
    }

    /// <summary>With reg_covar r, mclust's VII, VVI, EEE and VVV give scikit-learn's Σ_k + r·I (the existing M-step).</summary>
    [Theory]
    [InlineData(CovarianceType.Spherical)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Full)]
    public void RegularisationMatchesScikitLearnsForItsFourModels(CovarianceType type)
    {
        const double r = 0.01;
        var stats = MclustFixture.Load("iris").Statistics(type);
        var sklearn = new MaximumLikelihoodStep(r).Estimate(stats, new MaximizationContext(new List<FitWarning>()));
        var mclust = MclustModels.Get(MclustModels.ForCovarianceType(type)).MStep(ComponentScatter.FromStatistics(stats, r), new MclustMStepOptions(), null)!.ToModel();
        Near.Equal(sklearn.Covariances, mclust.Covariances, 1e-12, floor: 1, what: "covariances");
        Near.Equal(sklearn.Weights, mclust.Weights, 1e-12, what: "weights");
    }

    /// <summary>Regularisation keeps a constrained model's constraint: VEI's components stay proportional to one shape.</summary>
    [Fact]
    public void RegularisationKeepsTheConstraint()
    {
        var stats = MclustFixture.Load("iris").Statistics(CovarianceType.Diagonal);
        var estimate = MclustModels.Get(MclustModel.VEI).MStep(ComponentScatter.FromStatistics(stats, 0.05), new MclustMStepOptions(), null)!;
        var c = estimate.Covariances;
        int d = estimate.Dimension;
        for (int i = 1; i < estimate.ComponentCount; i++)
            for (int j = 1; j < d; j++)
                Near.Equal(c[j] / c[0], c[i * d + j] / c[i * d], 1e-12, what: $"shape ratio of component {i}");
    }

    [Fact]
    public void EigenDecompositionReconstructsTheMatrix()
    {
        var random = new Random(3);
        const int d = 6;
        var b = Enumerable.Range(0, d * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                for (int p = 0; p < d; p++) a[i * d + j] += b[i * d + p] * b[j * d + p];
        var values = new double[d];
        var vectors = new double[d * d];
        SymmetricEigen.Decompose(a, d, values, vectors);
        for (int j = 1; j < d; j++) Assert.True(values[j] <= values[j - 1]);
        var rebuilt = new double[d * d];
        DecompositionMath.Compose(1, vectors, values, d, rebuilt);
        Near.Equal(a, rebuilt, 1e-13, floor: 1, what: "V Λ Vᵀ");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PolarFactorIsOrthogonalAndMaximisesTheTrace(bool singular)
    {
        var random = new Random(5);
        const int d = 5;
        var f = Enumerable.Range(0, d * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        if (singular) for (int j = 0; j < d; j++) f[(d - 1) * d + j] = f[j] + f[d + j]; // last row dependent: rank d − 1
        var q = new double[d * d];
        PolarFactor.Compute(f, d, q);
        var qtq = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                for (int p = 0; p < d; p++) qtq[i * d + j] += q[p * d + i] * q[p * d + j];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) Assert.Equal(i == j ? 1 : 0, qtq[i * d + j], 12);
        // tr(Qᵀ F) equals the sum of F's singular values (the square roots of FᵀF's eigenvalues).
        var ftf = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                for (int p = 0; p < d; p++) ftf[i * d + j] += f[p * d + i] * f[p * d + j];
        var squares = SymmetricEigen.Values(ftf, d);
        // A zero singular value comes out of FᵀF as ±1e-17 or so, whose square root would be 3e-9: count it as zero.
        double nuclear = squares.Sum(v => v > 1e-12 * squares[0] ? Math.Sqrt(v) : 0);
        double trace = 0;
        for (int i = 0; i < d; i++)
            for (int p = 0; p < d; p++) trace += q[p * d + i] * f[p * d + i];
        Assert.Equal(nuclear, trace, 10);
    }
}
