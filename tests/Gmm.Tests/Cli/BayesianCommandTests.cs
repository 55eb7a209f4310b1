using System.Globalization;
using System.Text.Json;
using Gmm.Cli.Formats;
using Gmm.Tests.Bayesian;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>gmm fit --bayesian, the gmm-bayesian-model/1 file, and score/predict/info/sample on it.</summary>
public sealed class BayesianCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void FitBayesian_WritesAPosteriorThatScorePredictInfoAndSampleUse()
    {
        string iris = _cli.WriteText("iris.csv", CommandTests.ReadIris());
        string model = _cli.PathOf("m.json");
        var (code, output, _) = _cli.Run("fit", iris, "--bayesian", "-k", "6", "--max-iter", "300", "-o", model);
        Assert.Equal(0, code);
        Assert.Contains("fitting at most 6 full-covariance components (dirichlet-process prior)", output);
        Assert.Matches(@"(?m)^iter +1 +lower bound", output);
        Assert.Matches(@"effective components +\d of 6 \(weight ≥ 0\.01\)", output);
        Assert.Matches(@"(?m)^converged +(yes, after|no, stopped after) \d+ iterations", output); // VariationalFitFacts, shared with gmm-cluster
        Assert.Matches(@"(?m)^lower bound +-?\d+\.\d{6} \(evidence lower bound, summed over the points\)", output);
        Assert.Matches(@"(?m)^device +\S", output);

        using (var json = JsonDocument.Parse(File.ReadAllText(model)))
        {
            var root = json.RootElement;
            Assert.Equal("gmm-bayesian-model/1", root.GetProperty("format").GetString());
            Assert.Equal("dirichlet_process", root.GetProperty("weight_concentration_prior_type").GetString());
            Assert.Equal(2, root.GetProperty("weight_concentration").GetArrayLength());
            Assert.Equal(6, root.GetProperty("weight_concentration")[1].GetArrayLength());
            Assert.Equal(6, root.GetProperty("degrees_of_freedom").GetArrayLength());
            Assert.Equal(1.0 / 6, root.GetProperty("priors").GetProperty("weight_concentration_prior").GetDouble(), 15);
            Assert.Equal(4, root.GetProperty("priors").GetProperty("covariance_prior").GetArrayLength());
        }
        var posterior = ModelFile.Read(model).Posterior!;
        var table = CsvFormat.Read("iris", new StringReader(CommandTests.ReadIris()));

        var score = _cli.Run("score", iris, "-m", model, "--json");
        Assert.Equal(0, score.Code);
        double scored = JsonDocument.Parse(score.Out).RootElement.GetProperty("mean_log_likelihood").GetDouble();
        Near.Equal(posterior.Score<double>(table.Values), scored, 1e-12, "score");

        string labels = _cli.PathOf("labels.csv");
        Assert.Equal(0, _cli.Run("predict", iris, "-m", model, "-o", labels, "-q").Code);
        var predicted = File.ReadAllLines(labels).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(posterior.Predict<double>(table.Values), predicted);

        var info = _cli.Run("info", "-m", model);
        Assert.Contains("gmm-bayesian-model/1", info.Out);
        Assert.Matches(@"effective components +\d of 6", info.Out);
        Assert.Contains("dirichlet process", info.Out);

        Assert.Equal(0, _cli.Run("sample", "-m", model, "-n", "50", "-o", _cli.PathOf("s.csv"), "-q").Code);
    }

    /// <summary>A file holding scikit-learn's fitted posterior gives scikit-learn's score_samples mean and predictions.</summary>
    [Theory]
    [InlineData("blobs_full_dp")]
    [InlineData("weighted_tied_dd")]
    [InlineData("iris_diag_dd")]
    [InlineData("offset_spherical_dp")]
    public void ModelFile_ReproducesScikitLearnsScores(string name)
    {
        var f = BayesianFixture.Load(name);
        var posterior = f.Posterior(f.Expected);
        string model = _cli.PathOf(name + ".json");
        ModelFile.Write(model, new ModelFile.Content(posterior.PointEstimate, true, 5, -1.5, posterior));
        var read = ModelFile.Read(model);
        Assert.Equal(posterior.WeightConcentration, read.Posterior!.WeightConcentration);
        Assert.Equal(posterior.DegreesOfFreedom, read.Posterior.DegreesOfFreedom);
        Assert.Equal(posterior.Covariances, read.Posterior.Covariances);

        string data = _cli.WriteCsv(name + ".csv", f.X, f.Dimension);
        var (code, output, _) = _cli.Run("score", data, "-m", model, "--json");
        Assert.Equal(0, code);
        double expected = f.ExpectedArray("score_samples").Average();
        Near.Equal(expected, JsonDocument.Parse(output).RootElement.GetProperty("mean_log_likelihood").GetDouble(), 1e-10, "score");
        string labels = _cli.PathOf(name + "-labels.csv");
        Assert.Equal(0, _cli.Run("predict", data, "-m", model, "-o", labels, "-q").Code);
        Assert.Equal(f.ExpectedArray("predict").Select(v => (int)v), File.ReadAllLines(labels).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void InitModel_StartsFromThePosterior()
    {
        string iris = _cli.WriteText("iris.csv", CommandTests.ReadIris());
        string start = _cli.PathOf("start.json"), again = _cli.PathOf("again.json");
        Assert.Equal(0, _cli.Run("fit", iris, "--bayesian", "dirichlet-distribution", "-k", "3", "-c", "diag", "--max-iter", "5", "-q", "-o", start).Code);
        Assert.Equal(0, _cli.Run("fit", iris, "--bayesian", "--init-model", start, "--max-iter", "0", "-q", "-o", again).Code);
        var before = ModelFile.Read(start).Posterior!;
        var after = ModelFile.Read(again).Posterior!;
        Assert.Equal(WeightConcentrationPriorType.DirichletDistribution, after.WeightConcentrationPriorType);
        Assert.Equal(before.WeightConcentration, after.WeightConcentration);
        Assert.Equal(before.Means, after.Means);
        Assert.Equal(before.Covariances, after.Covariances);
    }

    [Theory]
    [InlineData("--weight-concentration-prior 0.5", "--weight-concentration-prior applies to a variational fit: add --bayesian")]
    [InlineData("--bayesian --weight-concentration-prior -1", "--weight-concentration-prior must be a finite number > 0")]
    [InlineData("--bayesian --mean-precision-prior 0", "--mean-precision-prior must be a finite number > 0")]
    [InlineData("--bayesian --degrees-of-freedom-prior 3", "--degrees-of-freedom-prior must be greater than d − 1 = 3")]
    [InlineData("--bayesian dirichlet", "--bayesian takes dirichlet-process or dirichlet-distribution")]
    public void BadVariationalOptions_AreRefused(string options, string message)
    {
        string iris = _cli.WriteText("iris.csv", CommandTests.ReadIris());
        var (code, _, error) = _cli.Run(["fit", iris, "-k", "3", .. options.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    /// <summary>A constant feature with --reg-covar 0 is refused (as scikit-learn's fit fails), naming the option; no model file is written.</summary>
    [Fact]
    public void ConstantFeatureWithoutRegularization_IsRefusedNamingRegCovar()
    {
        var rows = new System.Text.StringBuilder();
        for (int i = 0; i < 40; i++) rows.Append(System.FormattableString.Invariant($"{i % 7 * 0.3 + i * 0.01},{(i * 13 % 11) * 0.2},0.1\n"));
        string data = _cli.WriteText("constant.csv", rows.ToString());
        string model = _cli.PathOf("constant.json");
        var (code, _, error) = _cli.Run("fit", data, "--bayesian", "-k", "3", "-c", "diag", "--reg-covar", "0", "-o", model);
        Assert.Equal(2, code);
        Assert.Contains("--reg-covar", error);
        Assert.DoesNotContain("RegularizationCovariance", error);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void BayesianBeforeInput_SaysWhere()
    {
        string iris = _cli.WriteText("iris.csv", CommandTests.ReadIris());
        var (code, _, error) = _cli.Run("fit", "--bayesian", iris, "-k", "3");
        Assert.Equal(2, code);
        Assert.Contains("put --bayesian after INPUT", error);
    }

    [Fact]
    public void MaximumLikelihoodStart_IsNotAPosterior()
    {
        string iris = _cli.WriteText("iris.csv", CommandTests.ReadIris());
        string start = _cli.PathOf("ml.json");
        Assert.Equal(0, _cli.Run("fit", iris, "-k", "3", "--max-iter", "2", "-q", "-o", start).Code);
        var (code, _, error) = _cli.Run("fit", iris, "--bayesian", "--init-model", start);
        Assert.Equal(2, code);
        Assert.Contains("a --bayesian fit starts from a gmm-bayesian-model/1 file", error);
    }
}
