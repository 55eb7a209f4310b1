using System.Globalization;
using System.Text.Json;
using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>gmm anomalies and gmm fit --contamination end to end (issue 17 §3), and the model file's anomaly_threshold.</summary>
public sealed class AnomaliesCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>200 points in two blobs plus 4 far points, 2 features.</summary>
    private static double[] Points() => [.. CliHarness.Blobs(200, 2, seed: 4), 20, 20, -25, 3, 0, 30, 18, -22];

    private string Fit(string input, string model, params string[] more)
    {
        var (code, output, error) = _cli.Run(["fit", input, "-k", "2", "--device", "cpu", "-o", model, .. more]);
        Assert.True(code == 0, error);
        return output;
    }

    [Fact]
    public void Fit_stores_the_threshold_and_anomalies_uses_it()
    {
        var points = Points();
        string input = _cli.WriteCsv("x.csv", points, 2), model = _cli.PathOf("m.json"), flags = _cli.PathOf("flags.npy");
        string fitted = Fit(input, model, "--contamination", "0.02");
        var content = ModelFile.Read(model);
        double expected = content.Model.AnomalyThreshold<double>(points, 0.02);
        Assert.Equal(new StoredAnomalyThreshold(expected, 0.02), content.Anomaly);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"anomaly threshold {expected:R} (log-density, nats; numpy's percentile at 2 of the 204 points' scores)"), fitted);

        var (code, output, error) = _cli.Run("anomalies", input, "-m", model, "-o", flags);
        Assert.True(code == 0, error);
        var expectedFlags = content.Model.FlagAnomalies<double>(points, expected);
        int flagged = expectedFlags.Count(f => f);
        Assert.Equal(5, flagged); // ⌊203·0.02⌋ + 1: the four far points and the lowest of the blobs
        Assert.All(Enumerable.Range(200, 4), i => Assert.True(expectedFlags[i]));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture,
            $"threshold {expected:R} (log-density, nats; stored in {model}, set at contamination 0.02 by the fit)\nflagged 5 of 204 points (log-density below the threshold); flags written to {flags}\n"), output);
        var (header, body) = CliHarness.ReadNpy(flags);
        Assert.Contains("'descr': '|b1'", header);
        Assert.Contains("'shape': (204,)", header);
        Assert.Equal(expectedFlags.Select(f => f ? (byte)1 : (byte)0), body);
    }

    [Fact]
    public void Contamination_and_threshold_at_query_time()
    {
        var points = Points();
        string input = _cli.WriteCsv("x.csv", points, 2), model = _cli.PathOf("m.json");
        Fit(input, model, "-q");
        var gmm = ModelFile.Read(model).Model;
        Assert.Null(ModelFile.Read(model).Anomaly);
        Assert.DoesNotContain("anomaly", File.ReadAllText(model));

        var (code, output, error) = _cli.Run("anomalies", input, "-m", model, "--contamination", "0.1", "-o", _cli.PathOf("f.csv"), "--json");
        Assert.True(code == 0, error);
        double threshold = gmm.AnomalyThreshold<double>(points, 0.1);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(threshold, json.GetProperty("threshold").GetDouble());
        Assert.Equal(21, json.GetProperty("n_flagged").GetInt32()); // ⌊203·0.1⌋ + 1
        Assert.Equal(204, json.GetProperty("n_samples").GetInt32());
        var lines = File.ReadAllLines(_cli.PathOf("f.csv"));
        Assert.Equal("anomaly", lines[0]);
        Assert.Equal(gmm.FlagAnomalies<double>(points, threshold).Select(f => f ? "1" : "0"), lines[1..]);

        string given = (threshold - 1).ToString("R", CultureInfo.InvariantCulture);
        (code, output, error) = _cli.Run("anomalies", input, "-m", model, "--threshold", given, "-o", _cli.PathOf("g.npy"));
        Assert.True(code == 0, error);
        Assert.StartsWith($"threshold {given} (log-density, nats; --threshold)\nflagged {gmm.FlagAnomalies<double>(points, threshold - 1).Count(f => f)} of 204", output);
        Assert.Equal(0, _cli.Run("anomalies", input, "-m", model, "--threshold", given, "-o", _cli.PathOf("h.npy"), "-q").Out.Length);
    }

    [Fact]
    public void Variational_model_stores_and_uses_its_own_scores()
    {
        var points = Points();
        string input = _cli.WriteCsv("x.csv", points, 2), model = _cli.PathOf("b.json");
        Fit(input, model, "--bayesian", "--contamination", "0.05", "-q");
        var content = ModelFile.Read(model);
        var posterior = Assert.IsType<Gmm.BayesianGaussianMixtureModel>(content.Posterior);
        double expected = posterior.AnomalyThreshold<double>(points, 0.05);
        Assert.Equal(expected, content.Anomaly!.Threshold);
        Assert.NotEqual(content.Model.AnomalyThreshold<double>(points, 0.05), expected);
        var (code, output, error) = _cli.Run("anomalies", input, "-m", model, "-o", _cli.PathOf("f.npy"), "--json");
        Assert.True(code == 0, error);
        Assert.Equal(posterior.FlagAnomalies<double>(points, expected).Count(f => f), JsonDocument.Parse(output).RootElement.GetProperty("n_flagged").GetInt32());
    }

    [Fact]
    public void Model_file_round_trips_the_threshold()
    {
        var model = new Gmm.GaussianMixtureModel(Gmm.CovarianceType.Diagonal, [0.5, 0.5], [0, 0, 3, 3], [1, 1, 1, 1]);
        foreach (var stored in new StoredAnomalyThreshold?[] { new(-3.0625e-7, 0.015), new(-12.5, null), null })
        {
            string path = _cli.PathOf("r.json");
            ModelFile.Write(path, new ModelFile.Content(model, true, 3, -1.5, Anomaly: stored));
            var read = ModelFile.Read(path);
            Assert.Equal(stored, read.Anomaly);
            Assert.Equal(model.Means.ToArray(), read.Model.Means.ToArray());
        }
    }

    [Theory]
    [InlineData("\"abc\"", "\"anomaly_threshold\" must be a finite number")]
    [InlineData("-1.5, \"anomaly_contamination\": 1.5", "\"anomaly_contamination\" must be a number strictly between 0 and 1")]
    public void Malformed_stored_threshold_is_an_error_naming_the_key(string value, string message)
    {
        string text = "{\"format\": \"gmm-model/1\", \"covariance_type\": \"spherical\", \"n_components\": 1, \"n_features\": 1, " +
            $"\"weights\": [1], \"means\": [[0]], \"covariances\": [1], \"anomaly_threshold\": {value}}}";
        string model = _cli.WriteText("bad.json", text), input = _cli.WriteCsv("x.csv", [1, 2, 3], 1);
        var (code, _, error) = _cli.Run("anomalies", input, "-m", model, "-o", _cli.PathOf("f.npy"));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("--contamination", "0", "--contamination must be a number strictly between 0 and 1; got '0'")]
    [InlineData("--contamination", "1", "--contamination must be a number strictly between 0 and 1; got '1'")]
    [InlineData("--contamination", "NaN", "--contamination must be a number strictly between 0 and 1; got 'NaN'")]
    [InlineData("--contamination", "-0.1", "--contamination must be a number strictly between 0 and 1")]
    [InlineData("--threshold", "nan", "--threshold must be a finite number; got 'nan'")]
    public void Bad_values_are_refused(string option, string value, string message)
    {
        string input = _cli.WriteCsv("x.csv", CliHarness.Blobs(20), 2), model = _cli.PathOf("m.json");
        Fit(input, model, "-q");
        var (code, _, error) = _cli.Run("anomalies", input, "-m", model, option, value, "-o", _cli.PathOf("f.npy"));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Equal(2, _cli.Run("fit", input, "-k", "2", "--contamination", value == "nan" ? "2" : value).Code);
        Assert.False(File.Exists(_cli.PathOf("f.npy")));
    }

    [Fact]
    public void Missing_or_conflicting_thresholds_are_refused()
    {
        string input = _cli.WriteCsv("x.csv", CliHarness.Blobs(20), 2), model = _cli.PathOf("m.json");
        Fit(input, model, "-q");
        var (code, _, error) = _cli.Run("anomalies", input, "-m", model, "-o", _cli.PathOf("f.npy"));
        Assert.Equal(2, code);
        Assert.Contains($"{model} stores no anomaly threshold; give --contamination C or --threshold T", error);
        (code, _, error) = _cli.Run("anomalies", input, "-m", model, "--contamination", "0.1", "--threshold", "-3", "-o", _cli.PathOf("f.npy"));
        Assert.Equal(2, code);
        Assert.Contains("--contamination and --threshold both set the threshold; give one of them.", error);
        Assert.False(File.Exists(_cli.PathOf("f.npy")));
    }
}
