using Gmm;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Missing;

/// <summary>
/// Model selection with missing entries (MissingValues = Marginalize): each cell is the observed-data fit that
/// GaussianMixture makes, BIC/AIC/ICL take its observed-data log-likelihood (and ICL the observed coordinates'
/// posteriors), cross-validation scores each held-out point by its observed coordinates; recomputed here from the
/// public queries (float64, 1e-10 relative).
/// </summary>
public class MissingSelectionTests
{
    private const int D = 3;

    private static GaussianMixtureOptions Options => new()
    {
        Precision = ComputePrecision.Double,
        MissingValues = MissingValues.Marginalize,
        Tolerance = 1e-8,
        MaxIterations = 300,
    };

    private static double[] Points(CovarianceType type, int seed) =>
        MissingData.Mcar(MissingData.Draw(MissingData.Model(type, 2, D, seed: seed), 240, seed: seed + 1), D, 0.2, seed: seed + 2);

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void BicAicAndIclUseTheObservedDataLikelihood(CovarianceType type)
    {
        var points = Points(type, 301);
        var data = new InMemoryDataSource<double>(points, D);
        var model = MclustModels.ForCovarianceType(type);
        int n = points.Length / D;
        foreach (var criterion in new[] { SelectionCriterion.Bic, SelectionCriterion.Aic, SelectionCriterion.Icl })
        {
            var result = new GaussianMixtureSelection(Options).Select(data, new SelectionOptions { Models = [model], ComponentCounts = [1, 2, 3], Criterion = criterion });
            foreach (var entry in result.Entries)
            {
                string what = $"{type} {criterion} K = {entry.ComponentCount}";
                Assert.True(entry.Succeeded, $"{what}: {entry.Failure}");
                // The cell is the fit GaussianMixture makes with these options.
                var fit = new GaussianMixture(Options with { Model = model, ComponentCount = entry.ComponentCount }).Fit(points, D);
                Assert.Equal(fit.LowerBound, entry.Fit!.LowerBound);
                var fitted = entry.Fit.Model;
                double logLikelihood = n * fitted.Score(data, MissingValues.Marginalize);
                Near.Equal(logLikelihood, entry.LogLikelihood, 1e-10, what + " log-likelihood");
                int p = entry.ParameterCount;
                double z = 0;
                var posteriors = fitted.PredictProbabilities<double>(points, MissingValues.Marginalize);
                for (int i = 0; i < n; i++) z += Math.Log(posteriors.AsSpan(i * fitted.ComponentCount, fitted.ComponentCount).ToArray().Max());
                double expected = criterion switch
                {
                    SelectionCriterion.Aic => 2 * logLikelihood - 2 * p,
                    SelectionCriterion.Icl => 2 * logLikelihood - p * Math.Log(n) + 2 * z,
                    _ => 2 * logLikelihood - p * Math.Log(n),
                };
                Near.Equal(expected, entry.Value, 1e-10, what);
            }
        }
    }

    [Fact]
    public void CrossValidationScoresHeldOutPointsByTheirObservedCoordinates()
    {
        var points = Points(CovarianceType.Full, 311);
        var data = new InMemoryDataSource<double>(points, D);
        var selection = new SelectionOptions { Models = [MclustModel.VVV, MclustModel.VII], ComponentCounts = [1, 2], Criterion = SelectionCriterion.CrossValidation, Folds = 3, FoldSeed = 5 };
        var result = new GaussianMixtureSelection(Options).Select(data, selection);
        var folds = new CrossValidationFolds<double>(data, 3, 5);
        foreach (var entry in result.Entries)
        {
            double heldOut = 0;
            for (int f = 0; f < folds.Count; f++)
            {
                var (train, test) = folds.Split(f);
                var fit = new GaussianMixture(Options with { Model = entry.Model, ComponentCount = entry.ComponentCount }).Fit(train);
                heldOut += test.Count * fit.Model.Score(test, MissingValues.Marginalize);
            }
            Assert.True(double.IsFinite(entry.Value), $"{entry.Model} K = {entry.ComponentCount}: {entry.Failure}");
            Near.Equal(heldOut, entry.Value, 1e-10, $"{entry.Model} K = {entry.ComponentCount}");
        }
    }

    /// <summary>On the GPU backend (ILGPU's CPU accelerator; diag and spherical marginalise on the device) the same values.</summary>
    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void OnTheGpuTheValuesAreTheCpus(CovarianceType type)
    {
        var points = Points(type, 321);
        var selection = new SelectionOptions { Models = [MclustModels.ForCovarianceType(type)], ComponentCounts = [1, 2] };
        var cpu = new GaussianMixtureSelection(Options).Select(points, D, selection);
        var gpu = new GaussianMixtureSelection(Options, GpuTestData.Provider).Select(points, D, selection);
        foreach (var entry in cpu.Entries)
            Near.Equal(entry.Value, gpu.Entry(entry.Model, entry.ComponentCount).Value, 1e-8, $"{type} K = {entry.ComponentCount}");
    }

    [Fact]
    public void NaNIsAnErrorUnlessMarginalizedAndAFeatureMissingEverywhereFailsTheSelection()
    {
        var points = Points(CovarianceType.Diagonal, 331);
        var selection = new SelectionOptions { Models = [MclustModel.VVI], ComponentCounts = [1, 2] };
        var rejected = Assert.Throws<ArgumentException>(() => new GaussianMixtureSelection(Options with { MissingValues = MissingValues.Reject }).Select(points, D, selection));
        Assert.Equal("data", rejected.ParamName);
        Assert.Contains("non-finite value (NaN)", rejected.Message);
        for (int i = 0; i < points.Length / D; i++)
        {
            points[i * D + 1] = double.NaN;
            if (double.IsNaN(points[i * D]) && double.IsNaN(points[i * D + 2])) points[i * D] = 0;
        }
        var feature = Assert.Throws<ArgumentException>(() => new GaussianMixtureSelection(Options).Select(points, D, selection));
        Assert.Equal("data", feature.ParamName);
        Assert.Contains("feature 1 is missing (NaN) in every point", feature.Message);
    }
}
