using Gmm;
using Xunit;

namespace Gmm.Tests.Em;

public class SmokeTests
{
    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void FitsTwoBlobs(CovarianceType type)
    {
        var random = new Random(3);
        int n = 2000, d = 3;
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                data[i * d + j] = (float)((i % 2 == 0 ? 5 : -5) + Normal(random));
        var gmm = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 2, CovarianceType = type });
        var result = gmm.Fit(data, d);
        Assert.True(result.Converged);
        Assert.InRange(result.Model.Weights[0], 0.45, 0.55);
        Assert.InRange(Math.Abs(result.Model.Means[0]), 4.8, 5.2);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
