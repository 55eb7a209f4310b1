using System.CommandLine;
using System.Text.Json.Nodes;
using Gmm.Cli.Infrastructure;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// Issue 16, the audit of gmm on variational fits: a gmm-bayesian-model/1 file cannot contradict itself (scikit-learn
/// takes weights_ and precisions_cholesky_ from it as they are), predict refuses --missing marginalize on a posterior as
/// score does, --in-memory-limit-mb reaches a --bayesian fit, and the help says what --tol and --reg-covar mean there.
/// </summary>
public sealed class BayesianToolAuditTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>A short variational diag fit of iris (k = 3), and the iris file.</summary>
    private (string Model, string Data) Posterior()
    {
        string iris = _cli.WriteText("iris.csv", CommandTests.ReadIris());
        string model = _cli.PathOf("posterior.json");
        var (code, _, error) = _cli.Run("fit", iris, "--bayesian", "-k", "3", "-c", "diag", "--max-iter", "5", "-q", "-o", model);
        Assert.True(code == 0, error);
        return (model, iris);
    }

    [Theory]
    [InlineData("weights-value", "weights[1] = ", "does not agree with weight_concentration")]
    [InlineData("weights-shape", "\"weights\" must be a 3 array", "has 2 entries instead of 3")]
    [InlineData("factors-value", "precisions_cholesky of component 2", "does not agree with its covariances")]
    [InlineData("factors-shape", "\"precisions_cholesky\" must be a 3×4 array", "has 2 entries instead of 3")]
    public void ADerivedKeyThatContradictsThePosterior_IsRefusedByEveryCommand(string edit, string where, string what)
    {
        var (model, iris) = Posterior();
        var root = JsonNode.Parse(File.ReadAllText(model))!.AsObject();
        switch (edit)
        {
            case "weights-value":
                root["weights"]![1] = root["weights"]![1]!.GetValue<double>() * 1.01;
                break;
            case "weights-shape":
                root["weights"]!.AsArray().RemoveAt(2);
                break;
            case "factors-value":
                root["precisions_cholesky"]![2]![0] = root["precisions_cholesky"]![2]![0]!.GetValue<double>() * 1.5;
                break;
            default:
                root["precisions_cholesky"]!.AsArray().RemoveAt(2);
                break;
        }
        string edited = _cli.WriteText("edited.json", root.ToJsonString());
        string output = _cli.PathOf("out.npy");
        string[][] commands =
        [
            ["score", iris, "-m", edited],
            ["predict", iris, "-m", edited, "-o", output],
            ["sample", "-m", edited, "-n", "10", "-o", output],
            ["info", "-m", edited],
            ["fit", iris, "--bayesian", "--init-model", edited, "-o", _cli.PathOf("out.json")],
        ];
        foreach (var command in commands)
        {
            var (code, _, error) = _cli.Run(command);
            Assert.True(code == 2, $"{command[0]}: exit {code}, {error}");
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.Contains(where, error);
            Assert.Contains(what, error);
        }
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(_cli.PathOf("out.json")));
    }

    [Fact]
    public void AFileWithoutTheDerivedKeys_LoadsAndScoresAsTheWrittenOne()
    {
        var (model, iris) = Posterior();
        var root = JsonNode.Parse(File.ReadAllText(model))!.AsObject();
        root.Remove("weights");
        root.Remove("precisions_cholesky");
        string bare = _cli.WriteText("bare.json", root.ToJsonString());
        var written = _cli.Run("score", iris, "-m", model, "--json");
        var derived = _cli.Run("score", iris, "-m", bare, "--json");
        Assert.Equal(0, written.Code);
        Assert.Equal(0, derived.Code);
        Assert.Equal(written.Out, derived.Out);
    }

    [Fact]
    public void PredictWithMissingMarginalize_RefusesAPosterior_AsScoreDoes()
    {
        var (model, iris) = Posterior();
        string output = _cli.PathOf("labels.npy");
        var (code, _, error) = _cli.Run("predict", iris, "-m", model, "--missing", "marginalize", "-o", output);
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("--missing marginalize", error);
        Assert.Contains("is a variational model", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void InMemoryLimit_ReachesTheVariationalOptions()
    {
        var settings = new FitSettings();
        var bayesian = new BayesianSettings();
        var command = new Command("fit");
        settings.AddTo(command);
        bayesian.AddTo(command, settings);
        var parsed = command.Parse(["--bayesian", "dirichlet-process", "--in-memory-limit-mb", "5"]);
        Assert.Empty(parsed.Errors);
        var options = bayesian.Build(parsed, settings.Build(parsed, 3, CovarianceType.Full), null);
        Assert.Equal(5L << 20, options.InMemoryLimitBytes);
    }

    [Fact]
    public void FitHelp_SaysWhatTolAndRegCovarMeanForAVariationalFit()
    {
        var (code, output, _) = _cli.Run("fit", "--help");
        Assert.Equal(0, code);
        string flat = string.Join(' ', output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("(with --bayesian: of the evidence lower bound, a sum over the points, as scikit-learn's)", flat);
        Assert.Contains("(with --bayesian: to each component's covariance estimate before the Wishart update)", flat);
    }
}
