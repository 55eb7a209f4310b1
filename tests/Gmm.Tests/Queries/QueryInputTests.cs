using Xunit;

namespace Gmm.Tests.Queries;

/// <summary>
/// The queries read float64 points in place and widen float32 points into a buffer; both give the kernel the same
/// values, so the same scores bit for bit. A non-finite value is still found and named, wherever it sits.
/// </summary>
public sealed class QueryInputTests
{
    private const int D = 5, K = 3;

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void DoubleInPlaceScoresAsFloatWidened(CovarianceType type)
    {
        // More than two 4096-point blocks and a partial one; values on a grid of 1/8 that float32 holds exactly.
        const int n = 10_001;
        var random = new Random(11);
        var values = new double[n * D];
        for (int i = 0; i < values.Length; i++) values[i] = random.Next(-80, 81) / 8.0;
        var singles = Array.ConvertAll(values, v => (float)v);
        var model = Model(type);

        var fromDouble = model.ScoreSamples<double>(values);
        var fromFloat = model.ScoreSamples<float>(singles);
        Assert.Equal(fromFloat.Select(BitConverter.DoubleToInt64Bits), fromDouble.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(model.Predict<float>(singles), model.Predict<double>(values));
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(7, double.PositiveInfinity)]
    [InlineData(4_999, double.NegativeInfinity)] // in the tail after the last whole vector
    [InlineData(5_000 * D - 1, double.NaN)]      // the last value
    public void NonFiniteValueIsNamed(int index, double bad)
    {
        var values = new double[5_000 * D];
        for (int i = 0; i < values.Length; i++) values[i] = (i % 7) - 3;
        values[index] = bad;
        var model = Model(CovarianceType.Diagonal);
        var error = Assert.Throws<ArgumentException>(() => model.ScoreSamples<double>(values));
        Assert.Equal("data", error.ParamName);
        Assert.Contains($"at point {index / D}, feature {index % D}", error.Message, StringComparison.Ordinal);
        var single = Assert.Throws<ArgumentException>(() => model.ScoreSamples<float>(Array.ConvertAll(values, v => (float)v)));
        Assert.Contains($"at point {index / D}, feature {index % D}", single.Message, StringComparison.Ordinal);
    }

    private static GaussianMixtureModel Model(CovarianceType type)
    {
        double[] weights = [0.2, 0.3, 0.5];
        var means = new double[K * D];
        for (int c = 0; c < K; c++)
            for (int j = 0; j < D; j++) means[c * D + j] = 3.0 * c - j;
        double[] covariances = type switch
        {
            CovarianceType.Full => [.. Enumerable.Range(0, K).SelectMany(c => TridiagonalCovariance.Of(D, 1 + c))],
            CovarianceType.Tied => TridiagonalCovariance.Of(D, 1.5),
            CovarianceType.Diagonal => [.. Enumerable.Range(0, K * D).Select(i => 0.5 + i % 4)],
            _ => [0.7, 1.3, 2.1],
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }
}
