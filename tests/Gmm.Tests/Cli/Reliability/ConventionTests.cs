using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §6: numbers are checked with their range and no .NET type name; sizes that cannot be held are refused up
/// front; a model is written only under a .json name; device errors name the tool's flags; CSV files separated by ';',
/// tabs or spaces read as such; every format names a bad value's place the same way.
/// </summary>
public sealed class ConventionTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string ExpectError(string[] args, params string[] fragments)
    {
        var (code, output, error) = _cli.Run(args);
        Assert.True(code == 2, $"exit code {code}; stdout: {output}; stderr: {error}");
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        foreach (var fragment in fragments) Assert.Contains(fragment, error);
        Assert.DoesNotContain("System.", error);
        return error;
    }

    private string Model()
    {
        string model = _cli.PathOf("model.json");
        Assert.Equal(0, _cli.Run("fit", "-q", "-k", "2", "-o", model).Code);
        return model;
    }

    [Theory]
    [InlineData("fit", "-k", "abc", "--components must be an integer between 1 and 2147483647; got 'abc'")]
    [InlineData("fit", "-k", "3000000000", "--components must be an integer between 1 and 2147483647; got '3000000000'")]
    [InlineData("fit", "--max-iter", "1e3", "--max-iter must be an integer between 0 and 2147483647")]
    [InlineData("fit", "--seed", "x", "--seed must be an integer between -2147483648 and 2147483647")]
    [InlineData("fit", "--dims", "0", "--dims must be an integer between 1 and 2147483647")]
    [InlineData("fit", "--tol", "fast", "--tol must be a finite number ≥ 0; got 'fast'")]
    [InlineData("fit", "--in-memory-limit-mb", "-1", "--in-memory-limit-mb must be an integer between 0 and")]
    [InlineData("sample", "-n", "3000000000", "--n-samples must be an integer between 1 and 2147483647; got '3000000000'")]
    [InlineData("bench", "--budget-mb", "lots", "--budget-mb must be an integer between 0 and")]
    public void NumbersSayTheirRange(string command, string option, string value, string message)
    {
        var args = new List<string> { command, option, value };
        if (command == "sample") args.AddRange(["-m", Model(), "-o", _cli.PathOf("s.npy")]);
        ExpectError([.. args], message);
    }

    [Fact]
    public void ADrawTooLargeToHold_IsRefusedUpFront()
    {
        string model = Model();
        // Up front: refused before any of the draw is made (the tool runs on this thread; the draw would be tens of gigabytes). A bound
        // on what this thread allocates, not on the time taken, which a loaded machine can stretch without limit.
        long before = GC.GetAllocatedBytesForCurrentThread();
        ExpectError(["sample", "-m", model, "-n", "2147483647", "-o", _cli.PathOf("s.npy")], "--n-samples 2147483647", "draw at most");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes before refusing");
        Assert.Empty(_cli.OtherFiles("model.json"));
    }

    [Theory]
    [InlineData("fit")]
    [InlineData("select")]
    public void AModelOutputThatIsNotJson_IsRefused(string command)
    {
        string data = _cli.WriteCsv("d.csv", CliHarness.Blobs(40), 2);
        string[] args = command == "fit" ? ["fit", data, "-k", "2", "-q", "-o", _cli.PathOf("model.npy")] : ["select", data, "-k", "1..2", "-q", "-o", _cli.PathOf("model.npy")];
        ExpectError(args, "--output", "model.npy", ".json");
        Assert.Empty(_cli.OtherFiles("d.csv"));
    }

    [Fact]
    public void AMissingDevice_NamesTheToolsFlags()
    {
        var (code, _, error) = _cli.Run("fit", "--device", "cuda", "--max-iter", "1", "-q");
        if (code == 0) return; // a machine with a CUDA device
        Assert.Equal(2, code);
        Assert.Contains("--device cpu", error);
        Assert.DoesNotContain("AcceleratorPreference", error);
    }

    [Fact]
    public void LibraryWarnings_NameTheToolsOptions()
    {
        var (code, _, error) = _cli.Run("fit", "-k", "3", "--max-iter", "1", "--tol", "0", "-q");
        Assert.Equal(0, code);
        Assert.Contains("gmm: warning: Initialisation 0 did not converge in 1 iterations", error);
        Assert.Contains("increase --max-iter or --tol", error);
        Assert.DoesNotContain("Tolerance", error);
        Assert.DoesNotContain("MaxIterations", error);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData(" ")]
    [InlineData("  ")]
    public void CsvSeparatedOtherwise_ReadsAsTheCommaFile(string separator)
    {
        var values = CliHarness.Blobs(60);
        string comma = _cli.WriteCsv("comma.csv", values, 2, "a,b");
        string other = _cli.WriteText("other.csv", File.ReadAllText(comma).Replace(",", separator));
        string a = _cli.PathOf("a.json"), b = _cli.PathOf("b.json");
        Assert.Equal(0, _cli.Run("fit", comma, "-k", "2", "-q", "-o", a).Code);
        var (code, _, error) = _cli.Run("fit", other, "-k", "2", "-q", "-o", b);
        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
    }

    [Fact]
    public void DecimalCommasAndMixedSeparators_AreNamed()
    {
        ExpectError(["fit", _cli.WriteText("eu.csv", "1,5;2,5\n3,5;4,5\n"), "-k", "1"], "decimal commas are not supported");
        ExpectError(["fit", _cli.WriteText("mixed.csv", "1,2\n3;4,5\n"), "-k", "1"], "row 1, column 0 (0-based; line 2)", "seems to use ';'");
        ExpectError(["fit", _cli.WriteText("mixed2.csv", "1,2\n3;4\n"), "-k", "1"], "row 1 (0-based; line 2) has 1 values", "seems to use ';'");
    }

    /// <summary>One convention for a bad value's place in every format: "row r, column c (0-based", text files adding the line.</summary>
    [Fact]
    public void EveryFormatNamesAPlaceTheSameWay()
    {
        double[] values = [1, 2, 3, 4, 5, double.NaN, 7, 8];
        string npy = _cli.WriteNpy("bad.npy", values, [4, 2], single: true);
        string csv = _cli.WriteText("bad.csv", "x,y\n1,2\n3,4\n5,nan\n7,8\n");
        string raw = _cli.PathOf("bad.raw");
        File.WriteAllBytes(raw, [.. values.SelectMany(v => BitConverter.GetBytes((float)v))]);
        ExpectError(["fit", npy, "-k", "1"], "bad.npy: row 2, column 1 (0-based) holds NaN");
        ExpectError(["fit", csv, "-k", "1"], "bad.csv: row 2, column 1 (0-based; line 4) holds nan");
        ExpectError(["fit", raw, "--dims", "2", "-k", "1"], "bad.raw: row 2, column 1 (0-based) holds NaN");
        string weights = _cli.WriteText("w.csv", "1\n1\n-1\n1\n");
        ExpectError(["fit", _cli.WriteCsv("ok.csv", [1, 2, 3, 4, 5, 6, 7, 8], 2), "-k", "1", "--sample-weights", weights], "w.csv: sample weight -1 at row 2 (0-based)");
    }
}
