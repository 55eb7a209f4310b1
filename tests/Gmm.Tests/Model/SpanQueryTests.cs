using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Model;

/// <summary>The queries that write into a caller's destination give exactly the allocating forms' numbers.</summary>
public class SpanQueryTests
{
    private const int D = 3, K = 4;

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void DestinationFormsEqualTheAllocatingForms(CovarianceType type)
    {
        var data = TestData.Blobs(9000, D, K, seed: 12); // three query blocks, the last partial
        var model = TestData.StartingModel(type, data, D, K);
        var points = TestData.ToFloat(data);
        int n = data.Length / D;

        var scores = new double[n];
        model.ScoreSamples<float>(points, scores);
        Assert.Equal(model.ScoreSamples<float>(points), scores);

        var labels = new int[n];
        model.Predict<double>(data, labels);
        Assert.Equal(model.Predict<double>(data), labels);

        var probabilities = new double[n * K];
        model.PredictProbabilities<float>(points, probabilities);
        Assert.Equal(model.PredictProbabilities<float>(points), probabilities);
    }

    [Fact]
    public void DestinationsOfTheWrongSizeOrOverlappingTheDataAreRefused()
    {
        var data = TestData.Blobs(30, D, K, seed: 13);
        var model = TestData.StartingModel(CovarianceType.Diagonal, data, D, K);
        Assert.Contains("n = 30", Assert.Throws<ArgumentException>("destination", () => model.ScoreSamples<double>(data, new double[29])).Message);
        Assert.Throws<ArgumentException>("destination", () => model.Predict<double>(data, new int[31]));
        Assert.Contains("n×k = 120", Assert.Throws<ArgumentException>("destination", () => model.PredictProbabilities<double>(data, new double[30])).Message);
        var shared = new double[data.Length + 30];
        data.CopyTo(shared, 0);
        Assert.Contains("overlaps", Assert.Throws<ArgumentException>("destination",
            () => model.ScoreSamples<double>(shared.AsSpan(0, data.Length), shared.AsSpan(data.Length - 10, 30))).Message);
        Assert.Throws<ArgumentException>("data", () => model.ScoreSamples<double>(data.AsSpan(0, 4), new double[1]));
    }
}
