using System.Text.Json;
using Gmm.Cli.Formats;
using Gmm.Tests.Mclust;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// mclust's models on the command line (issue 17 §1): <c>gmm fit --model</c>, <c>gmm select --models ... --criterion
/// ... --plot ... --json</c>, and the model file's mclust_model key, on the synthetic set R's Mclust fits as VEV, K = 3.
/// </summary>
public sealed class MclustCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string VevData()
    {
        var fixture = MclustFixture.Load("synthetic_VEV");
        return _cli.WriteCsv("vev.csv", fixture.X, fixture.Dimension);
    }

    [Fact]
    public void FitWithAModelWritesItsNameAndReadsItBack()
    {
        string input = VevData(), model = _cli.PathOf("vev.json");
        var fit = _cli.Run("fit", input, "--model", "VEV", "-k", "3", "--precision", "double", "-o", model);
        Assert.True(fit.Code == 0, fit.Err);
        Assert.Contains("fitting 3 VEV (full covariances) components", fit.Out);
        var text = File.ReadAllText(model);
        Assert.Contains("\"covariance_type\": \"full\"", text);
        Assert.Contains("\"mclust_model\": \"VEV\"", text);
        var read = ModelFile.Read(model).Model;
        Assert.Equal(MclustModel.VEV, read.MclustModel);
        Assert.Equal(MclustModels.Get(MclustModel.VEV).ParameterCount(3, 3), read.ParameterCount);
        Assert.Equal(0, _cli.Run("score", input, "-m", model).Code);

        // A plain fit writes no mclust_model, so gmm-model/1 files stay as scikit-learn users know them.
        var plain = _cli.PathOf("plain.json");
        Assert.Equal(0, _cli.Run("fit", input, "-k", "3", "-o", plain, "-q").Code);
        Assert.DoesNotContain("mclust_model", File.ReadAllText(plain));
    }

    [Fact]
    public void AModelFileWhoseCovariancesBreakItsModelIsRejected()
    {
        string input = VevData(), model = _cli.PathOf("vvv.json");
        Assert.Equal(0, _cli.Run("fit", input, "-k", "3", "--model", "VVV", "-o", model, "-q").Code);
        string relabelled = _cli.WriteText("eve.json", File.ReadAllText(model).Replace("\"mclust_model\": \"VVV\"", "\"mclust_model\": \"EVE\""));
        var (code, _, error) = _cli.Run("score", input, "-m", relabelled);
        Assert.Equal(2, code);
        Assert.Contains("\"mclust_model\" EVE does not fit", error);
        string unknown = _cli.WriteText("xyz.json", File.ReadAllText(model).Replace("\"mclust_model\": \"VVV\"", "\"mclust_model\": \"XYZ\""));
        Assert.Contains("must be one of mclust's models", _cli.Run("score", input, "-m", unknown).Err);
    }

    [Fact]
    public void FitModelErrorsNameTheProblem()
    {
        string input = VevData();
        var unknown = _cli.Run("fit", input, "--model", "VXV", "-k", "2");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("--model 'VXV' is not one of mclust's models: EII, VII", unknown.Err);
        var clash = _cli.Run("fit", input, "--model", "EVE", "-c", "diag", "-k", "2");
        Assert.Equal(2, clash.Code);
        Assert.Contains("--covariance diag contradicts --model EVE", clash.Err);
    }

    [Fact]
    public void SelectJsonPrintsExactlyOneObjectForTheBest()
    {
        string input = VevData(), plot = _cli.PathOf("bic.svg");
        var (code, output, error) = _cli.Run("select", input, "--models", "EII,VEV,VVV", "--components", "1..4", "--criterion", "bic",
            "--precision", "double", "--plot", plot, "--json");
        Assert.True(code == 0, error);
        var line = Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.Matches(@"^\{""model"": ""VEV"", ""n_components"": 3, ""criterion"": ""bic"", ""value"": -?[0-9.E+-]+\}$", line);
        using var json = JsonDocument.Parse(line);
        Assert.Equal(["model", "n_components", "criterion", "value"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("VEV", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("n_components").GetInt32());
        Assert.Equal("bic", json.RootElement.GetProperty("criterion").GetString());
        // R's Mclust: VEV, G = 3, BIC −1711.494; reg_covar 1e-6 and tol 1e-3 here move it slightly.
        Assert.Equal(-1711.494, json.RootElement.GetProperty("value").GetDouble(), 0.5);
        var svg = File.ReadAllText(plot);
        Assert.Contains("<svg", svg);
        foreach (var legend in new[] { "EII", "VEV", "VVV", "best: VEV, K = 3" }) Assert.Contains(legend, svg);
    }

    [Fact]
    public void SelectByCrossValidationAndIclNamesTheCriterion()
    {
        string input = VevData();
        var cv = _cli.Run("select", input, "--models", "VEV,VVV", "-k", "2..3", "--criterion", "cv", "--folds", "3", "--json");
        Assert.True(cv.Code == 0, cv.Err);
        using var json = JsonDocument.Parse(cv.Out);
        Assert.Equal("cv", json.RootElement.GetProperty("criterion").GetString());
        var icl = _cli.Run("select", input, "--models", "VEV", "-k", "3", "--criterion", "icl");
        Assert.True(icl.Code == 0, icl.Err);
        Assert.Contains("model VEV (full covariances): ICL", icl.Out);
    }

    [Fact]
    public void SelectErrorsNameTheProblem()
    {
        string input = VevData();
        var both = _cli.Run("select", input, "--models", "VVV", "--covariance", "full");
        Assert.Equal(2, both.Code);
        Assert.Contains("give one of them", both.Err);
        var twice = _cli.Run("select", input, "--models", "EII,EII");
        Assert.Contains("names EII twice", twice.Err);
        var plot = _cli.Run("select", input, "--models", "EII", "--plot", _cli.PathOf("bic.txt"));
        Assert.Equal(2, plot.Code);
        Assert.Contains("give a .png or .svg file name", plot.Err);
        var folds = _cli.Run("select", input, "--criterion", "cv", "--folds", "1");
        Assert.Equal(2, folds.Code);
        Assert.Contains("--folds must be an integer between 2 and", folds.Err);
    }
}
