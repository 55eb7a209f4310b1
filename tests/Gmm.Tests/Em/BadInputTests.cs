using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>Every bad input is an ArgumentException-family error that names the argument and says what is wrong.</summary>
public class BadInputTests
{
    private static readonly double[] Data = TestData.Blobs(30, 2, 2);

    private static GaussianMixture Gmm(int k = 2, CovarianceType type = CovarianceType.Full, InitialParameters? start = null) =>
        new(new GaussianMixtureOptions { ComponentCount = k, CovarianceType = type, InitialParameters = start });

    [Fact]
    public void EmptyData()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(Array.Empty<double>(), 2));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void LengthNotAMultipleOfDimension()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(new double[7], 2));
        Assert.Contains("multiple of the dimension", e.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValue_NamesThePoint(double bad)
    {
        var data = (double[])Data.Clone();
        data[2 * 7 + 1] = bad;
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(data, 2));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("point 7, feature 1", e.Message);
    }

    [Fact]
    public void NonFiniteFloat()
    {
        var data = TestData.ToFloat(Data);
        data[0] = float.NaN;
        Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(data, 2));
    }

    [Fact]
    public void ComponentCountBelowOne()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 0 }));
        Assert.Equal("ComponentCount", e.ParamName);
    }

    [Fact]
    public void MoreComponentsThanPoints()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm(k: 31).Fit(Data, 2));
        Assert.Equal("ComponentCount", e.ParamName);
        Assert.Contains("exceeds the number of points", e.Message);
    }

    [Theory]
    [InlineData(nameof(GaussianMixtureOptions.Tolerance))]
    [InlineData(nameof(GaussianMixtureOptions.RegularizationCovariance))]
    [InlineData(nameof(GaussianMixtureOptions.MaxIterations))]
    [InlineData(nameof(GaussianMixtureOptions.InitializationCount))]
    public void InvalidOptions_NameTheSetting(string setting)
    {
        var options = setting switch
        {
            nameof(GaussianMixtureOptions.Tolerance) => new GaussianMixtureOptions { Tolerance = -1 },
            nameof(GaussianMixtureOptions.RegularizationCovariance) => new GaussianMixtureOptions { RegularizationCovariance = double.NaN },
            nameof(GaussianMixtureOptions.MaxIterations) => new GaussianMixtureOptions { MaxIterations = -1 },
            _ => new GaussianMixtureOptions { InitializationCount = 0 },
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => new GaussianMixture(options));
        Assert.Equal(setting, e.ParamName);
    }

    [Fact]
    public void NegativeSampleWeight()
    {
        var weights = Enumerable.Repeat(1.0, 30).ToArray();
        weights[4] = -1;
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(Data, 2, weights));
        Assert.Equal("sampleWeights", e.ParamName);
        Assert.Contains("point 4", e.Message);
    }

    [Fact]
    public void AllZeroSampleWeights()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(Data, 2, new double[30]));
        Assert.Equal("sampleWeights", e.ParamName);
        Assert.Contains("all zero", e.Message);
    }

    [Fact]
    public void SampleWeightsOfTheWrongLength()
    {
        Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(Data, 2, new double[29]));
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void StartingModelOfTheWrongShape(CovarianceType type)
    {
        var wrongMeans = new InitialParameters(means: new double[3 * 2]);
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm(type: type, start: wrongMeans).Fit(Data, 2));
        Assert.Contains("Means", e.Message);

        var wrongWeights = new InitialParameters(weights: [1.0]);
        e = Assert.ThrowsAny<ArgumentException>(() => Gmm(type: type, start: wrongWeights).Fit(Data, 2));
        Assert.Contains("Weights", e.Message);

        var wrongPrecisions = new InitialParameters(precisions: new double[1]);
        e = Assert.ThrowsAny<ArgumentException>(() => Gmm(type: type, start: wrongPrecisions).Fit(Data, 2));
        Assert.Contains("precisions", e.Message);
    }

    [Fact]
    public void StartingWeightsThatDoNotSumToOne()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm(start: new InitialParameters(weights: [0.5, 0.6])).Fit(Data, 2));
        Assert.Contains("sum to 1", e.Message);
    }

    [Fact]
    public void QueryWithTheWrongDimension()
    {
        var model = Gmm().Fit(Data, 2).Model;
        var e = Assert.ThrowsAny<ArgumentException>(() => model.ScoreSamples<double>(new double[9]));
        Assert.Equal("data", e.ParamName);
        Assert.Throws<ArgumentException>(() => model.Score(new InMemoryDataSource<double>(new double[9], 3)));
    }

    [Fact]
    public void Float64DataBeyondFloat32_InASingleFit_SaysSo()
    {
        var data = (double[])Data.Clone();
        data[7] = 1e39;
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(data, 2));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("point 3, feature 1 exceeds float32's range", e.Message);
        Assert.Contains("Precision = Double", e.Message);
        var options = new GaussianMixtureOptions { ComponentCount = 2, Precision = ComputePrecision.Double };
        Assert.True(double.IsFinite(new GaussianMixture(options).Fit(data, 2).LowerBound));
    }

    [Theory]
    [InlineData(1e39, "exceeds float32's range")]
    [InlineData(1e-50, "all zero in float32")]
    public void Float64WeightsBeyondFloat32_InASingleFit_SaySo(double weight, string expected)
    {
        var weights = Enumerable.Repeat(weight, 30).ToArray();
        var e = Assert.ThrowsAny<ArgumentException>(() => Gmm().Fit(Data, 2, weights));
        Assert.Equal("sampleWeights", e.ParamName);
        Assert.Contains(expected, e.Message);
    }
}
