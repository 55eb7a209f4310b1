using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// A float32 variational fit of a float64 source that is not in memory, with a float64 finish (tol &gt; 0), reads the
/// source once: the points are checked and held in float64 there, and the priors' data mean and scatter, the float32
/// copy and the finish come from that memory. (Without a finish, tol 0, the fit keeps only the float32 copy and the
/// priors read the source: a third of the memory for two more passes.)
/// </summary>
public class VariationalSourcePassTests
{
    private const int N = 500, D = 3, K = 3;

    [Fact]
    public void TheSourceIsReadOnce()
    {
        const double tolerance = 1e-3;
        const int maxIterations = 200;
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
