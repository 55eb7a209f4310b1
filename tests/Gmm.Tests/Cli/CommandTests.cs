using System.Globalization;
using System.Text.Json;
using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>Every command end to end, in-process, on small temporary files.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("fit")]
    [InlineData("score")]
    [InlineData("predict")]
    [InlineData("sample")]
    [InlineData("info")]
    [InlineData("select")]
    [InlineData("bench")]
    [InlineData("anomalies")]
    public void EveryCommandHasHelp(string command)
    {
        var (code, output, error) = _cli.Run(command, "--help");
        Assert.Equal(0, code);
        // The usage line names the tool's command, gmm: not its assembly (Gmm.Cli) nor the process that hosts it.
        Assert.Contains($"Usage:\n  gmm {command}", output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Gmm.Cli", output);
        Assert.Empty(error);
    }

    [Fact]
    public void RootHelpNamesTheToolGmm()
    {
        var (code, output, _) = _cli.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:\n  gmm [command] [options]", output.ReplaceLineEndings("\n"));
        Assert.Contains("anomalies <INPUT>", output);
        Assert.Matches(@"^\d+\.\d+\.\d+", _cli.Run("--version").Out);
    }

    [Fact]
    public void EachCommandsCovarianceHelpIsTrue()
    {
        var fit = _cli.Run("fit", "--help").Out;
        var select = _cli.Run("select", "--help").Out;
        Assert.Contains("--init-model", fit);
        Assert.Contains("or the --init-model's type", fit);
        Assert.DoesNotContain("--init-model", select); // select has no --init-model, and its help must not mention one
        Assert.Contains("full = VVV, tied = EEE, diag = VVI, spherical = VII", select);
        Assert.Contains("--sample-weights", select);
    }

    [Fact]
    public void FitWithoutInputFitsEmbeddedIris()
    {
        var (code, output, error) = _cli.Run("fit");
        Assert.Equal(0, code);
        Assert.Contains("device: cpu", output);
        Assert.Contains("fitting 3 full-covariance components to 150 points × 4 features", output);
        Assert.Contains("petal_length", output);
        foreach (var word in new[] { "converged", "lower bound", "BIC", "time", "weight" }) Assert.Contains(word, output);
        Assert.Matches(@"(?m)^iter +1 +log-likelihood", output);
        Assert.DoesNotContain("error", error);
    }

    [Fact]
    public void FitOnTerminalUsesLiveProgress()
    {
        var (code, output, _) = _cli.RunWith(true, "fit", "--max-iter", "3");
        Assert.Equal(0, code);
        Assert.Contains("log-likelihood", output);
        Assert.Contains("lower bound", output);
    }

    [Fact]
    public void QuietFitWithOutputPrintsNothing()
    {
        string model = _cli.PathOf("m.json");
        var (code, output, error) = _cli.Run("fit", "-q", "-o", model);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal("", error);
        Assert.True(File.Exists(model));
    }

    [Fact]
    public void FitScorePredictSampleRoundTrip()
    {
        var values = CliHarness.Blobs(200);
        string input = _cli.WriteCsv("blobs.csv", values, 2, "a,b");
        string model = _cli.PathOf("model.json");
        var fit = _cli.Run("fit", input, "--components", "2", "--covariance", "diag", "--seed", "3", "--output", model);
        Assert.Equal(0, fit.Code);
        Assert.Contains($"model written to {model}", fit.Out);

        var content = ModelFile.Read(model);
        Assert.Equal(2, content.Model.ComponentCount);
        Assert.Equal(CovarianceType.Diagonal, content.Model.CovarianceType);
        Assert.True(content.Converged);
        Assert.InRange(content.Model.Weights[0], 0.45, 0.55);

        var score = _cli.Run("score", input, "--model", model, "--json");
        Assert.Equal(0, score.Code);
        using var json = JsonDocument.Parse(score.Out);
        Assert.Equal(["mean_log_likelihood", "n_samples"], json.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(200, json.RootElement.GetProperty("n_samples").GetInt32());
        double meanLogLikelihood = json.RootElement.GetProperty("mean_log_likelihood").GetDouble();
        Assert.Equal(content.Model.Score<double>(values), meanLogLikelihood, 10);
        Assert.Equal(score.Out.TrimEnd(), score.Out.Trim()); // one object, one line

        string labelsNpy = _cli.PathOf("labels.npy"), labelsCsv = _cli.PathOf("labels.csv"), proba = _cli.PathOf("proba.npy");
        Assert.Equal(0, _cli.Run("predict", input, "-m", model, "-o", labelsNpy).Code);
        Assert.Equal(0, _cli.Run("predict", input, "-m", model, "-o", labelsCsv).Code);
        Assert.Equal(0, _cli.Run("predict", input, "-m", model, "--proba", "-o", proba).Code);
        var (header, body) = CliHarness.ReadNpy(labelsNpy);
        Assert.Contains("'descr': '<i8'", header);
        Assert.Contains("'shape': (200,)", header);
        var labels = CliHarness.Int64s(body);
        Assert.Equal(content.Model.Predict<double>(values).Select(l => (long)l), labels);
        // The blobs alternate, so do the labels.
        Assert.All(Enumerable.Range(0, 199), i => Assert.NotEqual(labels[i], labels[i + 1]));
        var csvLines = File.ReadAllLines(labelsCsv);
        Assert.Equal("label", csvLines[0]);
        Assert.Equal(labels.Select(l => l.ToString(CultureInfo.InvariantCulture)), csvLines.Skip(1));
        var (probaHeader, probaBody) = CliHarness.ReadNpy(proba);
        Assert.Contains("'shape': (200, 2)", probaHeader);
        var posteriors = CliHarness.Doubles(probaBody);
        for (int i = 0; i < 200; i++) Assert.Equal(1.0, posteriors[2 * i] + posteriors[2 * i + 1], 12);

        string samples = _cli.PathOf("samples.npy"), sampleLabels = _cli.PathOf("sample-labels.csv");
        var sample = _cli.Run("sample", "--model", model, "-n", "500", "--seed", "7", "--output", samples, "--labels", sampleLabels);
        Assert.Equal(0, sample.Code);
        Assert.Contains("'shape': (500, 2)", CliHarness.ReadNpy(samples).Header);
        Assert.Equal(501, File.ReadAllLines(sampleLabels).Length);

        // The samples fit back to (about) the same model.
        string refit = _cli.PathOf("refit.json");
        Assert.Equal(0, _cli.Run("fit", samples, "-k", "2", "-c", "diag", "-q", "-o", refit).Code);
        var again = ModelFile.Read(refit).Model;
        var means = content.Model.Means.Order().ToArray();
        var meansAgain = again.Means.Order().ToArray();
        for (int i = 0; i < means.Length; i++) Assert.Equal(means[i], meansAgain[i], 0);

        string samplesCsv = _cli.PathOf("samples.csv");
        Assert.Equal(0, _cli.Run("sample", "-m", model, "-n", "10", "-o", samplesCsv).Code);
        var lines = File.ReadAllLines(samplesCsv);
        Assert.Equal("x0,x1", lines[0]);
        Assert.Equal(11, lines.Length);

        var info = _cli.Run("info", "--model", model);
        Assert.Equal(0, info.Code);
        foreach (var word in new[] { "diag", "components", "converged", "std. deviation" }) Assert.Contains(word, info.Out);
    }

    [Fact]
    public void ScoreWithoutJsonIsReadable()
    {
        string model = _cli.PathOf("m.json");
        Assert.Equal(0, _cli.Run("fit", "-q", "-o", model).Code);
        string iris = _cli.WriteText("iris.csv", ReadIris());
        var (code, output, _) = _cli.Run("score", iris, "-m", model);
        Assert.Equal(0, code);
        Assert.StartsWith("mean log-likelihood -1.", output);
        Assert.Contains("150 points", output);
    }

    [Fact]
    public void WarnsAboutTheKeptInitialisationOnly()
    {
        // Every random start stops after 2 iterations unconverged: one warning is about the model returned.
        var (code, _, error) = _cli.Run("fit", "--n-init", "3", "--init", "random", "--max-iter", "2", "--tol", "0");
        Assert.Equal(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains("did not converge"));
        Assert.Contains(lines, l => l.Contains("2 warning(s) of the other initialisations, which were not kept, are not shown."));
    }

    [Fact]
    public void ScoreJsonStaysValidWhenAPointHasZeroDensity()
    {
        string model = _cli.PathOf("m.json");
        Assert.Equal(0, _cli.Run("fit", "-q", "-k", "2", "-o", model).Code);
        string far = _cli.WriteText("far.csv", "5.1,3.5,1.4,0.2\n1e200,3.0,1.4,0.2\n");
        var (code, output, error) = _cli.Run("score", far, "-m", model, "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("mean_log_likelihood").ValueKind);
        Assert.Equal(2, json.RootElement.GetProperty("n_samples").GetInt32());
        Assert.Contains("zero density", error);
    }

    [Fact]
    public void QuietFitStillPrintsWarnings()
    {
        string model = _cli.PathOf("m.json");
        var (code, output, error) = _cli.Run("fit", "-q", "--max-iter", "1", "--tol", "0", "-o", model);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Contains("gmm: warning:", error);
        Assert.Contains("did not converge", error);
    }

    [Fact]
    public void MaxIterZeroWritesTheStartingModel()
    {
        string iris = _cli.WriteText("iris.csv", ReadIris());
        string start = _cli.PathOf("start.json"), again = _cli.PathOf("again.json");
        Assert.Equal(0, _cli.Run("fit", iris, "-k", "3", "-c", "diag", "--max-iter", "2", "-q", "-o", start).Code);
        var (code, _, error) = _cli.Run("fit", iris, "--init-model", start, "--max-iter", "0", "-q", "-o", again);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var json = File.ReadAllText(again);
        Assert.Contains("\"n_iter\": 0,", json);
        Assert.Contains("\"converged\": false,", json);
        Assert.Contains("\"lower_bound\": null", json);
        Assert.Equal(ModelFile.Read(start).Model.Means, ModelFile.Read(again).Model.Means);
    }

    [Fact]
    public void InitModelStartsFromExactlyThoseParameters()
    {
        string iris = _cli.WriteText("iris.csv", ReadIris());
        string model = _cli.PathOf("start.json");
        Assert.Equal(0, _cli.Run("fit", iris, "-k", "3", "-c", "tied", "--max-iter", "2", "-q", "-o", model).Code);
        var start = ModelFile.Read(model).Model;

        // The first E-step of a fit started from the model evaluates the model itself: its lower bound is the model's score.
        var (code, output, _) = _cli.Run("fit", iris, "--init-model", model, "--max-iter", "1", "--precision", "double");
        Assert.Equal(0, code);
        var first = System.Text.RegularExpressions.Regex.Match(output, @"iter +1 +log-likelihood +(-?[0-9.]+)");
        Assert.True(first.Success, output);
        var table = CsvFormat.Read("iris", new StringReader(ReadIris()));
        Assert.Equal(start.Score<double>(table.Values), double.Parse(first.Groups[1].Value, CultureInfo.InvariantCulture), 5);
        Assert.Contains("tied-covariance", output);

        var clash = _cli.Run("fit", iris, "--init-model", model, "-k", "2");
        Assert.Equal(2, clash.Code);
        Assert.Contains("contradicts --init-model", clash.Err);
    }

    [Fact]
    public void SelectPrintsTableAndBestK()
    {
        string input = _cli.WriteCsv("blobs.csv", CliHarness.Blobs(300), 2);
        string best = _cli.PathOf("best.json");
        var (code, output, _) = _cli.Run("select", input, "--components", "1..4", "--criterion", "bic", "-o", best);
        Assert.Equal(0, code);
        foreach (var column in new[] { "model", "BIC", "log-likelihood", "parameters", "converged" }) Assert.Contains(column, output);
        Assert.Contains("best K = 2, model", output);
        Assert.Equal(2, ModelFile.Read(best).Model.ComponentCount);
        // --covariance keeps working: scikit-learn's spherical is mclust's VII alone.
        var aic = _cli.Run("select", input, "-k", "1,2,3", "--criterion", "aic", "--covariance", "spherical", "-q");
        Assert.Equal(0, aic.Code);
        Assert.Contains("model VII (spherical covariances): AIC", aic.Out);
        Assert.DoesNotContain("EII", aic.Out);
    }

    [Fact]
    public void RawFloat32WithDimsAndSampleWeights()
    {
        var values = CliHarness.Blobs(100, 3);
        string raw = _cli.PathOf("points.f32");
        File.WriteAllBytes(raw, [.. values.SelectMany(v => BitConverter.GetBytes((float)v))]);
        string weights = _cli.WriteCsv("w.csv", [.. Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? 3.0 : 1.0)], 1, "weight");
        string model = _cli.PathOf("m.json");
        var fit = _cli.Run("fit", raw, "--dims", "3", "-k", "2", "--sample-weights", weights, "-o", model, "-q");
        Assert.Equal(0, fit.Code);
        var weightsFitted = ModelFile.Read(model).Model.Weights.Order().ToArray();
        Assert.Equal(0.25, weightsFitted[0], 2);
        Assert.Equal(0.75, weightsFitted[1], 2);
        Assert.Equal(0, _cli.Run("score", raw, "--dims", "3", "-m", model, "--json").Code);

        var missingDims = _cli.Run("fit", raw, "-k", "2");
        Assert.Equal(2, missingDims.Code);
        Assert.Contains("unknown input format '.f32'", missingDims.Err);
        var badDims = _cli.Run("fit", raw, "--dims", "7", "-k", "2");
        Assert.Equal(2, badDims.Code);
        Assert.Contains("not a whole number of rows", badDims.Err);
    }

    [Fact]
    public void DeviceLineSaysWhichAndWhy()
    {
        var cpu = _cli.Run("fit", "--device", "cpu", "--max-iter", "2");
        Assert.Equal(0, cpu.Code);
        Assert.Contains("device: cpu", cpu.Out);
        Assert.Contains("— --device cpu", cpu.Out);
        var auto = _cli.Run("fit", "--max-iter", "2");
        Assert.Matches(@"device: .* — auto: ", auto.Out);
    }

    [Fact]
    public void SelectOnTerminalUsesLiveTable()
    {
        string input = _cli.WriteCsv("blobs.csv", CliHarness.Blobs(100), 2);
        var (code, output, _) = _cli.RunWith(true, "select", input, "-k", "1..3");
        Assert.Equal(0, code);
        Assert.Contains("best K = 2", output);
    }

    [Fact]
    public void VersionPrints()
    {
        var (code, output, _) = _cli.Run("--version");
        Assert.Equal(0, code);
        Assert.NotEmpty(output.Trim());
    }

    [Fact]
    public void CancelledFitExits130AndWritesNothing()
    {
        string model = _cli.PathOf("m.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = global::Gmm.Cli.Cli.Run(["fit", "-o", model], stdout, stderr, false, new CancellationToken(canceled: true));
        Assert.Equal(130, code);
        Assert.Contains("cancelled", stderr.ToString());
        Assert.Empty(_cli.OtherFiles());
    }

    internal static string ReadIris()
    {
        using var stream = typeof(global::Gmm.Cli.Cli).Assembly.GetManifestResourceStream("Gmm.Cli.Data.iris.csv")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
