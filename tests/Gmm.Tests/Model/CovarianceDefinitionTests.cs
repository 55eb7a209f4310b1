using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Model;

/// <summary>The per-covariance-type definitions and what the model derives from them once for every backend.</summary>
public class CovarianceDefinitionTests
{
    [Fact]
    public void EveryCovarianceTypeHasItsOwnDefinition()
    {
        var definitions = Enum.GetValues<CovarianceType>().Select(CovarianceDefinition.For).ToArray();
        Assert.Equal(Enum.GetValues<CovarianceType>(), definitions.Select(d => d.Type));
        Assert.Equal(definitions.Length, definitions.Distinct().Count());
        Assert.Equal("type", Assert.Throws<ArgumentOutOfRangeException>(() => CovarianceDefinition.For((CovarianceType)9)).ParamName);
    }

    /// <summary>Shapes and free-parameter counts as scikit-learn's covariance shapes and _n_parameters.</summary>
    [Theory]
    [InlineData(CovarianceType.Full, 5 * 4 * 4, 5 * 4 * 5 / 2)]
    [InlineData(CovarianceType.Tied, 4 * 4, 4 * 5 / 2)]
    [InlineData(CovarianceType.Diagonal, 5 * 4, 5 * 4)]
    [InlineData(CovarianceType.Spherical, 5, 5)]
    public void ShapesAndParameterCounts(CovarianceType type, int length, int covarianceParameters)
    {
        const int k = 5, d = 4;
        var definition = CovarianceDefinition.For(type);
        Assert.Equal(length, definition.CovarianceLength(k, d));
        Assert.Equal(length, SufficientStatistics.SecondOrderLength(type, k, d));
        Assert.Equal(covarianceParameters + k * d + k - 1, definition.ParameterCount(k, d));
        var model = TestData.StartingModel(type, TestData.Blobs(50, d, 5), d, k);
        Assert.Equal(definition.ParameterCount(k, d), model.ParameterCount);
        Assert.Equal(length, model.CovariancesSpan.Length);
        Assert.Equal(length, model.PrecisionsCholeskySpan.Length);
        Assert.Equal(type == CovarianceType.Tied, definition.SharedSecondOrder);
    }

    /// <summary>
    /// log(π_k N(x | k)) = constant_k − ½ ‖(x − c)ᵀ U_k − projected_k‖² for any c: the constants and the projection
    /// every backend's E-step is built from reproduce the model's own log-density.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void ConstantsAndProjectedMeansGiveTheLogDensity(CovarianceType type)
    {
        const int k = 3, d = 4;
        var data = TestData.Blobs(60, d, 3, seed: 9, offset: 20);
        var model = TestData.StartingModel(type, data, d, k);
        var center = new double[] { 19, 21, 20.5, 18 };
        var projected = new double[k * d];
        model.ProjectMeans(center, projected);
        var u = model.PrecisionsCholesky;
        for (int c = 0; c < k; c++)
            Assert.Equal(Math.Log(model.Weights[c]) + model.LogDeterminantsOfPrecisionCholesky[c] - 0.5 * d * Math.Log(2 * Math.PI), model.LogDensityConstants[c]);
        var expected = model.ScoreSamples<double>(data);
        for (int i = 0; i < 60; i++)
        {
            var terms = new double[k];
            for (int c = 0; c < k; c++)
            {
                double squared = 0;
                for (int col = 0; col < d; col++)
                {
                    double y = 0; // ((x − c)ᵀ U_k)_col
                    for (int row = 0; row < d; row++) y += (data[i * d + row] - center[row]) * Factor(type, u, c, row, col, d);
                    double e = y - projected[c * d + col];
                    squared += e * e;
                }
                terms[c] = model.LogDensityConstants[c] - 0.5 * squared;
            }
            double max = terms.Max();
            Near.Equal(expected[i], max + Math.Log(terms.Sum(t => Math.Exp(t - max))), 1e-12, $"log p(x_{i})");
        }
        Assert.Equal("center", Assert.Throws<ArgumentException>(() => model.ProjectMeans(new double[d - 1], projected)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => model.ProjectMeans(center, new double[k * d + 1])).ParamName);
    }

    /// <summary>Entry (row, col) of component c's precision factor U_c, whatever the layout.</summary>
    private static double Factor(CovarianceType type, IReadOnlyList<double> u, int c, int row, int col, int d) => type switch
    {
        CovarianceType.Full => u[(c * d + row) * d + col],
        CovarianceType.Tied => u[row * d + col],
        CovarianceType.Diagonal => row == col ? u[c * d + row] : 0,
        _ => row == col ? u[c] : 0,
    };
}
