using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Model;

public class ModelTests
{
    [Fact]
    public void Construction_RejectsInvalidParameters()
    {
        Assert.Equal("weights", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diagonal, [0.5, 0.6], new double[4], [1, 1, 1, 1])).ParamName);
        Assert.Equal("weights", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diagonal, [1.5, -0.5], new double[4], [1, 1, 1, 1])).ParamName);
        Assert.Equal("means", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diagonal, [0.5, 0.5], new double[3], [1, 1, 1])).ParamName);
        Assert.Equal("covariances", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diagonal, [0.5, 0.5], new double[4], [1, 1, 1])).ParamName);
        Assert.Equal("covariances", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diagonal, [0.5, 0.5], new double[4], [1, 1, 0, 1])).ParamName);
        // Not symmetric, then not positive definite.
        Assert.Contains("symmetric", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Tied, [1.0], new double[2], [1, 0.5, 0.2, 1])).Message);
        Assert.Contains("positive definite", Assert.ThrowsAny<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Tied, [1.0], new double[2], [1, 2, 2, 1])).Message);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void PrecisionCholesky_ReproducesThePrecision(CovarianceType type)
    {
        var data = TestData.Blobs(50, 3, 2);
        var model = TestData.StartingModel(type, data, 3, 2);
        var rebuilt = GaussianMixtureModel.FromPrecisions(type, model.Weights.ToArray(), model.Means.ToArray(), model.ComputePrecisions());
        Near.Equal(model.Covariances, rebuilt.Covariances, 1e-10, 1e-3, "covariances");
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Queries_AreConsistent(CovarianceType type)
    {
        var data = TestData.Blobs(90, 3, 3);
        var model = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type }).Fit(data, 3).Model;
        var logp = model.ScoreSamples<double>(data);
        var proba = model.PredictProbabilities<double>(data);
        var labels = model.Predict<double>(data);
        Assert.Equal(logp.Average(), model.Score<double>(data), 12);
        Assert.Equal(model.Score<double>(data), model.Score(new InMemoryDataSource<double>(data, 3)), 12);
        for (int i = 0; i < 90; i++)
        {
            var row = proba.AsSpan(i * 3, 3).ToArray();
            Assert.Equal(1.0, row.Sum(), 12);
            Assert.Equal(Array.IndexOf(row, row.Max()), labels[i]);
        }
        int p = model.ParameterCount;
        Assert.Equal(-2 * model.Score<double>(data) * 90 + p * Math.Log(90), model.Bic<double>(data), 9);
        Assert.Equal(-2 * model.Score<double>(data) * 90 + 2 * p, model.Aic<double>(data), 9);
        // float input gives the same answer as the same values in double.
        Assert.Equal(model.Score<double>(Array.ConvertAll(TestData.ToFloat(data), v => (double)v)), model.Score<float>(TestData.ToFloat(data)), 12);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void Sample_FollowsTheModel(CovarianceType type)
    {
        var data = TestData.Blobs(300, 2, 3, separation: 10);
        var model = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Seed = 2 }).Fit(data, 2).Model;
        var (points, labels) = model.Sample(20000, seed: 4);
        Assert.Equal(40000, points.Length);
        var (again, _) = model.Sample(20000, seed: 4);
        Assert.Equal(points, again);
        for (int c = 0; c < 3; c++)
        {
            var mine = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            Assert.InRange(mine.Length / 20000.0, model.Weights[c] - 0.02, model.Weights[c] + 0.02);
            for (int j = 0; j < 2; j++)
            {
                double mean = mine.Average(i => points[i * 2 + j]);
                Assert.InRange(mean, model.Means[c * 2 + j] - 0.15, model.Means[c * 2 + j] + 0.15);
            }
        }
        Assert.True(labels.SequenceEqual(labels.Order()), "samples are grouped by component");
    }

    [Fact]
    public void ParameterCount_MatchesScikitLearn()
    {
        var data = TestData.Blobs(40, 3, 2);
        Assert.Equal(2 * 6 + 2 * 3 + 1, TestData.StartingModel(CovarianceType.Full, data, 3, 2).ParameterCount);
        Assert.Equal(6 + 2 * 3 + 1, TestData.StartingModel(CovarianceType.Tied, data, 3, 2).ParameterCount);
        Assert.Equal(2 * 3 + 2 * 3 + 1, TestData.StartingModel(CovarianceType.Diagonal, data, 3, 2).ParameterCount);
        Assert.Equal(2 + 2 * 3 + 1, TestData.StartingModel(CovarianceType.Spherical, data, 3, 2).ParameterCount);
    }
}
