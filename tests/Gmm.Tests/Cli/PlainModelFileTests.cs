using System.Globalization;
using System.Text;
using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The model reader without System.Text.Json (<see cref="PlainModelFile"/>) gives exactly what the JsonDocument reader
/// gives for every file it takes, and leaves to it (returns null) every file outside its subset, so that those files keep
/// their messages.
/// </summary>
public sealed class PlainModelFileTests : IDisposable
{
    private readonly CliHarness _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static GaussianMixtureModel Model(CovarianceType type, int k = 3, int d = 2)
    {
        var weights = Enumerable.Range(1, k).Select(i => (double)i).ToArray();
        double sum = weights.Sum();
        for (int i = 0; i < k; i++) weights[i] /= sum;
        var means = Enumerable.Range(0, k * d).Select(i => 0.1 * i - 0.35).ToArray();
        double[] covariances = type switch
        {
            CovarianceType.Full => Enumerable.Range(0, k).SelectMany(c => Spd(d, c)).ToArray(),
            CovarianceType.Tied => Spd(d, 1),
            CovarianceType.Diagonal => Enumerable.Range(0, k * d).Select(i => 0.5 + 0.125 * i).ToArray(),
            _ => Enumerable.Range(0, k).Select(i => 0.3 + i).ToArray(),
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    private static double[] Spd(int d, int seed)
    {
        var a = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                a[i * d + j] = i == j ? 2.0 + seed + i / 3.0 : 0.1 / (1 + i + j + seed);
        return a;
    }

    private string Write(string name, string text)
    {
        string path = _files.PathOf(name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        return path;
    }

    private static string Written(ModelFile.Content content)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(stream, content);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void AssertSame(ModelFile.Content expected, ModelFile.Content actual)
    {
        Assert.Equal(expected.Model.CovarianceType, actual.Model.CovarianceType);
        Assert.Equal(expected.Model.MclustModel, actual.Model.MclustModel);
        Assert.Equal(expected.Model.Weights, actual.Model.Weights);
        Assert.Equal(expected.Model.Means, actual.Model.Means);
        Assert.Equal(expected.Model.Covariances, actual.Model.Covariances);
        Assert.Equal(expected.Model.PrecisionsCholesky, actual.Model.PrecisionsCholesky);
        Assert.Equal(expected.Converged, actual.Converged);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.LowerBound, actual.LowerBound);
        Assert.Equal(expected.Posterior is null, actual.Posterior is null);
        Assert.Equal(expected.Anomaly, actual.Anomaly);
    }

    /// <summary>Files the tool writes, for each covariance type and fit outcome: taken, and read as JsonDocument reads them.</summary>
    [Theory]
    [InlineData(CovarianceType.Full, true, 12, -1.25)]
    [InlineData(CovarianceType.Tied, false, 100, -3.5e-7)]
    [InlineData(CovarianceType.Diagonal, null, null, null)]
    [InlineData(CovarianceType.Spherical, true, 0, 0.1)]
    public void WrittenFilesAreTakenAndReadTheSame(CovarianceType type, bool? converged, int? iterations, double? lowerBound)
    {
        string path = Write("model.json", Written(new ModelFile.Content(Model(type), converged, iterations, lowerBound)));
        var plain = PlainModelFile.TryRead(path);
        Assert.NotNull(plain);
        AssertSame(ModelFile.ReadDocument(path), plain);
        AssertSame(plain, ModelFile.Read(path));
    }

    /// <summary>scikit-learn's files (compare_sklearn_process.py's start model: no precisions, lower_bound null) and hand-written variants.</summary>
    [Theory]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"spherical\", \"n_components\": 2, \"n_features\": 2, \"weights\": [0.5, 0.5], \"means\": [[0.0, 1.0], [2.5, -3.25]], \"covariances\": [1.0, 2.0], \"converged\": false, \"n_iter\": 0, \"lower_bound\": null}")]
    [InlineData("{\"format\":\"gmm-model/1\",\"covariance_type\":\"diag\",\"n_components\":1,\"n_features\":2,\"weights\":[1],\"means\":[[1E2,-2e-3]],\"covariances\":[[1,2]]}")]
    [InlineData(" \r\n\t{ \"n_features\" : 2 , \"format\" : \"gmm-model/1\", \"extra\": {\"a\": [1, \"b\", null, true, {\"c\": []}]}, \"covariance_type\": \"tied\", \"n_components\": 2, \"weights\": [0.25, 0.75], \"means\": [[0, 0], [1, 1]], \"covariances\": [[2, 0.5], [0.5, 1]], \"converged\": \"yes\", \"n_iter\": -4, \"lower_bound\": 12345678901234567890 } \n")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"full\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0.30000000000000004]], \"covariances\": [[[4]]], \"precisions_cholesky\": [[[0.5]]], \"n_iter\": \"7\", \"lower_bound\": \"x\"}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"full\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[1.7976931348623157e308]], \"covariances\": [[[4.9e-324]]], \"precisions_cholesky\": null}")]
    public void HandWrittenFilesAreTakenAndReadTheSame(string text)
    {
        string path = Write("model.json", text);
        var plain = PlainModelFile.TryRead(path);
        Assert.NotNull(plain);
        AssertSame(ModelFile.ReadDocument(path), plain);
    }

    /// <summary>Files outside the subset are left to JsonDocument, which reads them (or names what is wrong) as before.</summary>
    [Theory]
    [InlineData("\uFEFF" + Good)]                                        // byte-order mark
    [InlineData("// comment\n" + Good)]
    [InlineData("{\"format\": \"gmm-model/1\",}")]                         // trailing comma
    [InlineData("{\"format\": \"gmm-model\\/1\", \"covariance_type\": \"diag\"}")] // an escape
    [InlineData("{\"format\": \"gmm-model/1\", \"format\": \"gmm-model/1\"}")] // a duplicate key
    [InlineData("{\"format\": \"gmm-bayesian-model/1\"}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[-0]], \"covariances\": [[1]]}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[1e400]], \"covariances\": [[1]]}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1.0, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]]}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]], \"n_iter\": 3.0}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]], \"mclust_model\": \"VVI\"}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]], \"anomaly_threshold\": -3}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[-1]]}")]   // no valid model
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[4]], \"precisions_cholesky\": [[0.25]]}")] // disagrees
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0], [1]], \"covariances\": [[1]]}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[\"0\"]], \"covariances\": [[1]]}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[01]], \"covariances\": [[1]]}")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]]} x")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    [InlineData("{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]], \"note\": \"caf\u00e9\"}")]
    public void OtherFilesAreLeftToJsonDocument(string text)
    {
        Assert.Null(PlainModelFile.TryRead(Write("other.json", text)));
    }

    private const string Good = "{\"format\": \"gmm-model/1\", \"covariance_type\": \"diag\", \"n_components\": 1, \"n_features\": 1, \"weights\": [1], \"means\": [[0]], \"covariances\": [[1]]}";

    /// <summary>
    /// Every file one edit away from a written model (a character replaced, removed or doubled at random): either left to
    /// JsonDocument, or read exactly as JsonDocument reads it — never a different model, and never one JsonDocument refuses.
    /// </summary>
    [Fact]
    public void EditedFilesAreLeftOrReadTheSame()
    {
        string text = Written(new ModelFile.Content(Model(CovarianceType.Full, 2, 2), true, 5, -2.5));
        const string alphabet = "0123456789-+.eE,:[]{}\" \nxtfn/\\";
        var random = new Random(19);
        int taken = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int at = random.Next(text.Length);
            string edited = random.Next(3) switch
            {
                0 => text[..at] + alphabet[random.Next(alphabet.Length)] + text[(at + 1)..],
                1 => text.Remove(at, 1),
                _ => text.Insert(at, text[at].ToString()),
            };
            string path = Write("edited.json", edited);
            var plain = PlainModelFile.TryRead(path);
            if (plain is null) continue;
            taken++;
            AssertSame(ModelFile.ReadDocument(path), plain);
        }
        Assert.InRange(taken, 100, 3000); // digits edited in place stay readable: the comparison ran
    }
}
