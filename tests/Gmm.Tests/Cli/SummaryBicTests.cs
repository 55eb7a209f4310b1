using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The BIC that `gmm fit` prints in its summary (the file read in chunks of whole 4096-point blocks and scored) is
/// the library's: −2·n·Score + p·ln n of the written model on the file's values, every printed digit, for float32 and
/// float64 files of more rows than one window of 16 blocks and not a multiple of a block.
/// </summary>
public sealed class SummaryBicTests : IDisposable
{
    private const int N = 70_001, D = 3;
    private readonly CliHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(CovarianceType.Diagonal, false)]
    [InlineData(CovarianceType.Diagonal, true)]
    [InlineData(CovarianceType.Full, false)]
    [InlineData(CovarianceType.Full, true)]
    public void PrintedBicIsTheLibrarysOnTheWrittenModel(CovarianceType type, bool single)
    {
        var values = CliHarness.Blobs(N, D, seed: 3);
        string data = _files.WriteNpy($"x-{type}-{single}.npy", values, [N, D], single);
        string model = _files.PathOf($"m-{type}-{single}.json");
        var (code, output, error) = _files.Run("fit", data, "-k", "3", "-c", ModelFile.TypeName(type), "--max-iter", "5", "--tol", "0",
            "--device", "cpu", "-o", model);
        Assert.True(code == 0, error);

        var fitted = ModelFile.Read(model).Model;
        double score = single
            ? fitted.Score(new InMemoryDataSource<float>(values.Select(v => (float)v).ToArray(), D))
            : fitted.Score(new InMemoryDataSource<double>(values, D));
        double bic = -2 * score * N + fitted.ParameterCount * Math.Log(N);
        string line = output.Split('\n').Single(l => l.StartsWith("BIC", StringComparison.Ordinal));
        Assert.Equal(bic.ToString("F3", CultureInfo.InvariantCulture), line[3..].Trim());
    }
}
