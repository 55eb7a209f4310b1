using System.Text.Json;
using Gmm;
using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>--missing on gmm fit, score and predict, and gmm impute, end to end through files.</summary>
public sealed class MissingCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Two blobs with a few missing entries (NaN in the CSV), every row keeping one value.</summary>
    private static double[] Points()
    {
        var points = CliHarness.Blobs(200, d: 3);
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
            for (int j = 1; j < 3; j++)
                if (random.NextDouble() < 0.2) points[i * 3 + j] = double.NaN;
        return points;
    }

    [Fact]
    public void FitScorePredictAndImputeRoundTrip()
    {
        var points = Points();
        string input = _cli.WriteNpy("data.npy", points, [200, 3], single: false);
        string model = _cli.PathOf("model.json");

        var rejected = _cli.Run("fit", input, "-k", "2", "-q");
        Assert.Equal(2, rejected.Code);
        Assert.Contains("NaN", rejected.Err);

        var fit = _cli.Run("fit", input, "-k", "2", "--missing", "marginalize", "--precision", "double", "-o", model, "-q");
        Assert.True(fit.Code == 0, fit.Err);
        var fitted = ModelFile.Read(model).Model;

        var score = _cli.Run("score", input, "-m", model, "--missing", "marginalize", "--json");
        Assert.True(score.Code == 0, score.Err);
        double mean = JsonDocument.Parse(score.Out).RootElement.GetProperty("mean_log_likelihood").GetDouble();
        Assert.Equal(fitted.Score(new InMemoryDataSource<double>(points, 3), MissingValues.Marginalize), mean, 1e-12);
        Assert.Equal(2, _cli.Run("score", input, "-m", model).Code); // the default still rejects NaN

        string labels = _cli.PathOf("labels.npy");
        var predict = _cli.Run("predict", input, "-m", model, "--missing", "marginalize", "-o", labels, "-q");
        Assert.True(predict.Code == 0, predict.Err);
        Assert.Equal(fitted.Predict<double>(points, MissingValues.Marginalize).Select(l => (long)l), CliHarness.Int64s(CliHarness.ReadNpy(labels).Body));

        string output = _cli.PathOf("imputed.npy");
        var impute = _cli.Run("impute", input, "-m", model, "-o", output);
        Assert.True(impute.Code == 0, impute.Err);
        Assert.Contains("wrote 200×3 values", impute.Out);
        var (header, body) = CliHarness.ReadNpy(output);
        Assert.Contains("(200, 3)", header);
        var imputed = CliHarness.Doubles(body);
        Assert.Equal(fitted.Impute<double>(points), imputed);
        for (int i = 0; i < points.Length; i++)
            if (!double.IsNaN(points[i])) Assert.Equal(points[i], imputed[i]);
        Assert.DoesNotContain(imputed, double.IsNaN);
    }

    [Fact]
    public void ARowWithEveryValueMissingIsNamed()
    {
        var points = CliHarness.Blobs(20, d: 2);
        points[5 * 2] = points[5 * 2 + 1] = double.NaN;
        string input = _cli.WriteCsv("holes.csv", points, 2);
        var fit = _cli.Run("fit", input, "-k", "2", "--missing", "marginalize");
        Assert.Equal(2, fit.Code);
        Assert.Contains("row 5 (0-based", fit.Err);
        Assert.Contains("every value missing", fit.Err);
        var bad = _cli.Run("fit", input, "-k", "2", "--missing", "sometimes");
        Assert.Equal(2, bad.Code);
        Assert.Contains("sometimes", bad.Err);
    }

    /// <summary>The library checks the values (DataValidation.CheckMissing); the tool words its errors as it always has, other programs parsing them.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MissingValueErrorsKeepTheToolsWording(bool single)
    {
        var points = CliHarness.Blobs(20, d: 3);
        points[2 * 3] = double.NaN;
        var infinite = (double[])points.Clone();
        infinite[3 * 3 + 1] = double.PositiveInfinity;
        string input = _cli.WriteNpy("infinite.npy", infinite, [20, 3], single);
        var fit = _cli.Run("fit", input, "-k", "2", "--missing", "marginalize", "-q");
        Assert.Equal(2, fit.Code);
        Assert.Equal($"gmm: error: {input}: row 3, column 1 (0-based) holds Infinity; with --missing marginalize NaN marks a missing value, but infinity cannot: remove or impute it.", fit.Err.Trim());

        var empty = (double[])points.Clone();
        empty[5 * 3] = empty[5 * 3 + 1] = empty[5 * 3 + 2] = double.NaN;
        input = _cli.WriteNpy("empty.npy", empty, [20, 3], single);
        var refit = _cli.Run("fit", input, "-k", "2", "--missing", "marginalize", "-q");
        Assert.Equal(2, refit.Code);
        Assert.Equal($"gmm: error: {input}: row 5 (0-based) has every value missing (NaN): no observed feature to evaluate; remove the row.", refit.Err.Trim());
    }

    /// <summary>gmm select --missing marginalize is the library's selection with MissingValues = Marginalize; without it NaN is refused.</summary>
    [Fact]
    public void SelectMarginalizesMissingValues()
    {
        var points = Points();
        string input = _cli.WriteNpy("data.npy", points, [200, 3], single: false);
        var rejected = _cli.Run("select", input, "-k", "1..3", "--covariance", "diag", "--json");
        Assert.Equal(2, rejected.Code);
        Assert.Contains("NaN", rejected.Err);

        var select = _cli.Run("select", input, "-k", "1..3", "--covariance", "diag", "--criterion", "icl", "--missing", "marginalize", "--precision", "double", "--json");
        Assert.True(select.Code == 0, select.Err);
        var best = JsonDocument.Parse(select.Out).RootElement;
        var expected = new GaussianMixtureSelection(new GaussianMixtureOptions { Precision = ComputePrecision.Double, MissingValues = MissingValues.Marginalize })
            .Select(points, 3, new SelectionOptions { Models = [MclustModel.VVI], ComponentCounts = [1, 2, 3], Criterion = SelectionCriterion.Icl }).Best;
        Assert.Equal(expected.ComponentCount, best.GetProperty("n_components").GetInt32());
        Assert.Equal(expected.Value, best.GetProperty("value").GetDouble(), 1e-9);
        Assert.True(double.IsFinite(expected.Value));
    }
}
