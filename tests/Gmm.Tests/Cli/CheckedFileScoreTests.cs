using Gmm.Cli.Formats;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The score of a checked .npy file (what `gmm fit` prints as BIC) read through one reused buffer equals the library's
/// <see cref="GaussianMixtureModel.Score{T}(IDataSource{T})"/> bit for bit; files not checked keep the library's path.
/// </summary>
public sealed class CheckedFileScoreTests : IDisposable
{
    private const int D = 3, K = 4;
    private readonly CliHarness _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [MemberData(nameof(TestData.TypesInBothPrecisions), MemberType = typeof(TestData))]
    public void CheckedFileScoreEqualsTheLibrarysBitForBit(CovarianceType type, bool single)
    {
        // More rows than one chunk of 2^16, and not a multiple of the 4096-point blocks.
        const int n = 70_001;
        var values = CliHarness.Blobs(n, D, seed: 7);
        string path = _files.WriteNpy($"x-{type}-{single}.npy", values, [n, D], single);
        var model = Model(type);
        using var data = DataReader.Open(path);
        data.CheckFinite();

        double expected = single
            ? model.Score(new InMemoryDataSource<float>(values.Select(v => (float)v).ToArray(), D))
            : model.Score(new InMemoryDataSource<double>(values, D));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(data.Score(model)));
    }

    [Fact]
    public void UncheckedFileStillGetsTheLibrarysError()
    {
        var values = CliHarness.Blobs(100, D);
        values[40] = double.NaN;
        string path = _files.WriteNpy("nan.npy", values, [100, D], single: false);
        using var data = DataReader.Open(path);
        var error = Assert.Throws<ArgumentException>(() => data.Score(Model(CovarianceType.Diagonal)));
        Assert.Contains("non-finite", error.Message, StringComparison.Ordinal);
    }

    /// <summary>K components over D features with unequal, correlated covariances of the given type.</summary>
    private static GaussianMixtureModel Model(CovarianceType type)
    {
        double[] weights = [0.1, 0.2, 0.3, 0.4];
        var means = new double[K * D];
        for (int c = 0; c < K; c++)
            for (int j = 0; j < D; j++) means[c * D + j] = (c % 2 == 0 ? -2 : 2) + 0.3 * j - 0.1 * c;
        double[] covariances = type switch
        {
            CovarianceType.Full => [.. Enumerable.Range(0, K).SelectMany(c => Spd(1 + 0.5 * c))],
            CovarianceType.Tied => Spd(1.5),
            CovarianceType.Diagonal => [.. Enumerable.Range(0, K * D).Select(i => 0.5 + 0.25 * (i % 5))],
            _ => [0.7, 1.1, 1.6, 2.3],
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    /// <summary>A D×D symmetric positive definite matrix: scale·I plus a small correlation.</summary>
    private static double[] Spd(double scale)
    {
        var m = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++) m[i * D + j] = i == j ? scale : 0.2;
        return m;
    }
}
