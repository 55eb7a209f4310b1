using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The model file reader's messages for a nested array of the wrong shape name the place (key[i][j]…) and the expected
/// shape exactly as before the reader stopped building those names for every value; a good file still reads its values
/// in order (row-major).
/// </summary>
public sealed class ModelFileShapeErrorTests : IDisposable
{
    private const string Head = "{\"format\": \"gmm-model/1\", \"covariance_type\": \"full\", \"n_components\": 2, \"n_features\": 2, \"weights\": [0.5, 0.5], ";
    private readonly CliHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("\"means\": [[0, 0], [1]], \"covariances\": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}", "\"means\" must be a 2×2 array; means[1] has 1 entries instead of 2.")]
    [InlineData("\"means\": [[0, 0], [1, 1]], \"covariances\": [[[1, 0], [0, 1]], [[1, 0], [\"x\", 1]]]}", "covariances[1][1][0] must be a number.")]
    [InlineData("\"means\": [[0, 0], [1, 1]], \"covariances\": [[[1, 0], [0, 1]], 7]}", "\"covariances\" must be a 2×2×2 array; covariances[1] is not an array.")]
    [InlineData("\"means\": [0, 0], \"covariances\": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}", "\"means\" must be a 2×2 array; means[0] is not an array.")]
    [InlineData("\"means\": [[0, 0], [1, 1]], \"covariances\": [[[1, 0], [0, 1]]]}", "\"covariances\" must be a 2×2×2 array; covariances has 1 entries instead of 2.")]
    public void WrongShapeIsNamedByPlace(string rest, string message)
    {
        string path = _files.PathOf("bad.json");
        File.WriteAllText(path, Head + rest);
        var error = Assert.Throws<CliException>(() => ModelFile.Read(path));
        Assert.Equal($"{path}: {message}", error.Message);
    }

    [Fact]
    public void ValuesAreReadInOrder()
    {
        // More values than the reader's first buffer (64), so that it grows.
        const int k = 3, d = 5;
        var means = Enumerable.Range(0, k * d).Select(i => 0.5 * i).ToArray();
        string Rows(IEnumerable<double> values, int columns) =>
            "[" + string.Join(", ", values.Chunk(columns).Select(r => "[" + string.Join(", ", r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]")) + "]";
        var identity = Enumerable.Range(0, d * d).Select(i => i / d == i % d ? 2.0 + i : 0.0).ToArray();
        string covariances = "[" + string.Join(", ", Enumerable.Range(0, k).Select(_ => Rows(identity, d))) + "]";
        string path = _files.PathOf("good.json");
        File.WriteAllText(path, $"{{\"format\": \"gmm-model/1\", \"covariance_type\": \"full\", \"n_components\": {k}, \"n_features\": {d}, " +
            $"\"weights\": [0.2, 0.3, 0.5], \"means\": {Rows(means, d)}, \"covariances\": {covariances}}}");
        var model = ModelFile.Read(path).Model;
        Assert.Equal(means, model.Means);
        Assert.Equal(Enumerable.Range(0, k).SelectMany(_ => identity), model.Covariances);
    }
}
