using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// A quiet maximum-likelihood fit of a file leaves the tool's finite check to the fit's own validating pass over the file
/// (one pass instead of two); what the tool prints, a model or an error, is what it was with the check before the fit.
/// </summary>
public sealed class CheckInFitTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void AFileIsLeftToTheFitUntilAFitHasCheckedIt()
    {
        string npy = _cli.WriteNpy("ok.npy", CliHarness.Blobs(200, 3), [200, 3], single: false);
        using var file = DataReader.Open(npy);
        Assert.True(file.FitChecksFinite);
        file.CheckedByFit();
        Assert.False(file.FitChecksFinite); // checked: a later pass (the summary's score) may rely on it

        using var marginalised = DataReader.Open(npy, missing: MissingValues.Marginalize);
        Assert.False(marginalised.FitChecksFinite); // NaN is a missing value there: only the tool's check knows the rules
        using var csv = DataReader.Open(_cli.WriteCsv("ok.csv", CliHarness.Blobs(20, 2), 2));
        Assert.False(csv.FitChecksFinite); // parsed into memory and checked already
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ANonFiniteValueAnywhereIsTheErrorAsWithTheCheckFirst(bool single)
    {
        // A value too large for k-means comes before the NaN: the fit's pass meets it first, but the tool's check (which
        // ran before the fit) named the NaN, and the quiet fit still does, in the same words.
        var values = CliHarness.Blobs(3000, 3);
        values[10 * 3 + 1] = single ? 1e30 : 1e300;
        values[2500 * 3 + 2] = double.NaN;
        string npy = _cli.WriteNpy("bad.npy", values, [3000, 3], single);
        var quiet = _cli.Run("fit", npy, "-k", "2", "-q", "--device", "cpu");
        var loud = _cli.Run("fit", npy, "-k", "2", "--device", "cpu");
        Assert.Equal(2, quiet.Code);
        Assert.Equal($"gmm: error: {npy}: row 2500, column 2 (0-based) holds NaN; remove or impute non-finite values.", quiet.Err.Trim());
        Assert.Equal(loud.Err, quiet.Err);
    }

    [Fact]
    public void AQuietFitOfAFileWritesTheSameModel()
    {
        string npy = _cli.WriteNpy("ok.npy", CliHarness.Blobs(3000, 3), [3000, 3], single: false);
        string quietModel = _cli.PathOf("quiet.json"), loudModel = _cli.PathOf("loud.json");
        Assert.Equal(0, _cli.Run("fit", npy, "-k", "3", "-q", "--device", "cpu", "-o", quietModel).Code);
        Assert.Equal(0, _cli.Run("fit", npy, "-k", "3", "--device", "cpu", "-o", loudModel).Code);
        Assert.Equal(File.ReadAllBytes(loudModel), File.ReadAllBytes(quietModel));
    }
}
