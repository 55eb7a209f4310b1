using System.Globalization;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §2: no command ends in a stack trace. An unexpected exception is one line and exit code 1 (the details
/// under --verbose); sizes beyond .NET's arrays are refused or streamed, never an OverflowException.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>A stdout that fails with an exception no command expects (as a bug would).</summary>
    private sealed class BrokenWriter : StringWriter
    {
        public override void Write(char value) => throw new FormatException("broken output");
        public override void Write(string? value) => throw new FormatException("broken output");
        public override void WriteLine(string? value) => throw new FormatException("broken output");
    }

    private (int Code, string Err) RunWithBrokenOutput(params string[] args)
    {
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = global::Gmm.Cli.Cli.Run(args, new BrokenWriter(), stderr);
        return (code, stderr.ToString());
    }

    [Fact]
    public void AnUnexpectedException_IsOneLineAndExitCodeOne()
    {
        var (code, error) = RunWithBrokenOutput("info", "-m", Model());
        Assert.Equal(1, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("gmm: error: unexpected FormatException: broken output", error);
        Assert.Contains("--verbose", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Verbose_AddsTheDetails()
    {
        var (code, error) = RunWithBrokenOutput("info", "-m", Model(), "--verbose");
        Assert.Equal(1, code);
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.StartsWith("gmm: error: unexpected FormatException: broken output", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("System.FormatException: broken output", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    /// <summary>n·d ≥ 2³¹ (the 60000000 × 39) no longer overflows one array: the data streams from a file, and a
    /// size the disk cannot hold is refused up front with one line.</summary>
    [Fact]
    public void BenchBeyondOneArray_IsPlacedInAFileOrRefusedUpFront()
    {
        var (code, output, error) = _cli.Run("bench", "--n", "1000000000000", "--d", "39", "--k", "2", "-q", "--data-dir", _cli.Folder);
        Assert.Equal(2, code);
        Assert.Contains("streams it from a temporary file", error);
        Assert.Contains("--data-dir", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("|", output);
        Assert.Empty(Directory.GetFiles(_cli.Folder));
    }

    [Fact]
    public void BenchOfAModelNoArrayHolds_IsSkippedAndSaid()
    {
        var (code, output, error) = _cli.Run("bench", "--n", "10", "--d", "50000", "--k", "50000", "-c", "full", "--init", "none", "--iters", "1", "--warmup", "0", "-q");
        Assert.True(code == 0, error);
        Assert.Contains("skipped: cpu at N = 10 (K = 50000 full components of D = 50000 need parameter arrays larger than one array holds)", output);
    }

    [Fact]
    public void AFitWhoseModelNoArrayHolds_IsRefusedBeforeAnyPass()
    {
        // 3 points of 32767 features (the most a file may have): k = 3 full covariances need 3·32767² > 2³¹ values.
        string wide = _cli.WriteNpy("wide.npy", new double[3 * 32767], [3, 32767], single: true);
        var (code, _, error) = _cli.Run("fit", wide, "-k", "3", "-q");
        Assert.Equal(2, code);
        Assert.Contains("--components = 3 with 32767 features and Full covariances needs parameter arrays of", error);
    }

    [Fact]
    public void AForgedNpyShape_CannotWrapTheSizeCheck()
    {
        string path = _cli.PathOf("forged.npy");
        using (var stream = File.Create(path))
        {
            global::Gmm.Cli.Formats.NpyFormat.WriteHeader(stream, "<f4", [long.MaxValue, 2]); // rows·columns·4 wraps a long
            stream.Write(new byte[64]);
        }
        var (code, _, error) = _cli.Run("fit", path, "-k", "1", "-q");
        Assert.Equal(2, code);
        Assert.Contains("malformed .npy file", error);
    }

    private string Model()
    {
        string model = _cli.PathOf("model.json");
        Assert.Equal(0, _cli.Run("fit", "-q", "-k", "2", "-o", model).Code);
        return model;
    }
}
