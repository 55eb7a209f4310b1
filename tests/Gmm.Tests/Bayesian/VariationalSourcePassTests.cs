using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// A float32 variational fit of a float64 source that is not in memory reads the source once: the points are checked
/// and held in float64 there, and the priors' data mean and scatter and the float32 copy come from that memory — with
/// a float64 finish (tol &gt; 0) and without one (tol 0), where the priors' two passes used to read the source again.
/// </summary>
public class VariationalSourcePassTests
{
    private const int N = 500, D = 3, K = 3;

    [Theory]
    [InlineData(0.0, 3)]
    [InlineData(1e-3, 200)]
    public void TheSourceIsReadOnce(double tolerance, int maxIterations)
    {
        var values = TestData.Blobs(N, D, K, seed: 7);
        var options = new BayesianGaussianMixtureOptions
        {
            ComponentCount = K, CovarianceType = CovarianceType.Diagonal, Tolerance = tolerance, MaxIterations = maxIterations,
        };
        var source = new CountingDataSource<double>(new InMemoryDataSource<double>(values, D));
        var result = new BayesianGaussianMixture(options).Fit(source);
        Assert.Equal(1, source.Enumerations);

        // The same fit as from the same points in memory, which are read where they are.
        var reference = new BayesianGaussianMixture(options).Fit(new InMemoryDataSource<double>(values, D));
        Assert.Equal(reference.Iterations, result.Iterations);
        Assert.Equal(reference.LowerBound, result.LowerBound);
        Assert.Equal(reference.Model.PointEstimate.Means, result.Model.PointEstimate.Means);
    }
}
