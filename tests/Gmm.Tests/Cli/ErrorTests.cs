using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>Every error path: one line on stderr naming the file, row or option; exit code 2; no output file left behind.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string ExpectError(string[] args, params string[] fragments)
    {
        var (code, output, error) = _cli.Run(args);
        Assert.True(code == 2, $"exit code {code}; stdout: {output}; stderr: {error}");
        Assert.StartsWith("gmm: error: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        foreach (var fragment in fragments) Assert.Contains(fragment, error);
        return error;
    }

    private string Model()
    {
        string model = _cli.PathOf("model.json");
        Assert.Equal(0, _cli.Run("fit", "-q", "-k", "2", "-o", model).Code);
        return model;
    }

    [Fact]
    public void MissingFile() => ExpectError(["fit", _cli.PathOf("nope.csv"), "-k", "2"], "nope.csv", "file not found");

    [Fact]
    public void DirectoryInsteadOfFile() => ExpectError(["score", _cli.Folder, "-m", _cli.Folder], "is a directory");

    [SkippableFact]
    public void UnreadableFile()
    {
        if (OperatingSystem.IsWindows()) throw new SkipException("Windows has no Unix file modes to make a file unreadable.");
        Skip.If(Environment.UserName == "root", "root reads any file, so no file is unreadable here.");
        string path = _cli.WriteText("secret.csv", "1,2\n3,4\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        ExpectError(["fit", path, "-k", "1"], "secret.csv", "cannot read");
    }

    [Fact]
    public void UnknownOption() => ExpectError(["fit", "--bogus"], "--bogus");

    [Fact]
    public void UnknownOptionAfterInput() => ExpectError(["fit", _cli.WriteText("a.csv", "1\n2\n"), "--frobnicate", "3"], "--frobnicate");

    [Fact]
    public void UnknownCommand() => ExpectError(["fitt"], "fitt");

    [Fact]
    public void NoCommand() => ExpectError([], "gmm --help");

    [Fact]
    public void UnknownValue() => ExpectError(["fit", "--covariance", "round"], "round", "full");

    [Fact]
    public void UnknownDevice() => ExpectError(["fit", "--device", "tpu"], "tpu", "cuda");

    [Fact]
    public void BadNumber() => ExpectError(["fit", "--max-iter", "many"], "many", "--max-iter");

    [Fact]
    public void OutOfRangeValue() => ExpectError(["fit", "--tol", "-1"], "--tol");

    [Fact]
    public void BadSelectRange() => ExpectError(["select", _cli.WriteText("a.csv", "1\n2\n"), "--components", "5..2"], "5..2");

    [Fact]
    public void MissingRequiredOption() => ExpectError(["score", _cli.WriteText("a.csv", "1\n2\n")], "--model");

    [Fact]
    public void RaggedCsvRows()
    {
        string path = _cli.WriteText("ragged.csv", "a,b,c\n1,2,3\n4,5\n");
        ExpectError(["fit", path, "-k", "1"], "ragged.csv", "line 3", "2 values", "3");
    }

    [Fact]
    public void NonNumericCsv() => ExpectError(["fit", _cli.WriteText("words.csv", "1,2\n3,four\n"), "-k", "1"], "words.csv", "line 2", "column 2", "'four'");

    [Fact]
    public void EmptyCsvField() => ExpectError(["fit", _cli.WriteText("gap.csv", "1,2\n3,\n"), "-k", "1"], "gap.csv", "line 2", "empty");

    [Fact]
    public void HeaderOnlyCsv() => ExpectError(["fit", _cli.WriteText("empty.csv", "x,y\n"), "-k", "1"], "empty.csv", "no data rows");

    [Fact]
    public void NanInCsvNamesTheRow() =>
        ExpectError(["fit", _cli.WriteText("nan.csv", "x,y\n1,2\n3,4\n5,nan\n"), "-k", "1"], "nan.csv", "line 4", "data row 3", "column 2");

    [Fact]
    public void InfinityInNpyNamesTheRow()
    {
        string path = _cli.WriteNpy("inf.npy", [1, 2, 3, 4, double.PositiveInfinity, 6], [3, 2], single: true);
        ExpectError(["fit", path, "-k", "1"], "inf.npy", "row 2 (0-based)", "column 0");
    }

    [Fact]
    public void NanInNpyInputOfPredictLeavesNoOutput()
    {
        string model = Model();
        string input = _cli.WriteNpy("nan.npy", [1, 2, 3, 4, 5, 6, 7, double.NaN], [2, 4], single: false);
        string output = _cli.PathOf("labels.npy");
        ExpectError(["predict", input, "-m", model, "-o", output], "nan.npy", "row 1", "column 3");
        Assert.Empty(_cli.OtherFiles("model.json", "nan.npy"));
    }

    [Fact]
    public void MalformedNpyMagic() => ExpectError(["fit", _cli.WriteText("bad.npy", "this is not numpy"), "-k", "1"], "bad.npy", "not a .npy file");

    [Fact]
    public void TruncatedNpy()
    {
        string path = _cli.WriteNpy("short.npy", [1, 2, 3, 4], [2, 2], single: false);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        ExpectError(["fit", path, "-k", "1"], "short.npy", "truncated");
    }

    [Fact]
    public void UnsupportedNpyDtype()
    {
        string path = _cli.WriteNpy("ints.npy", [1, 2], [2], single: false);
        var bytes = File.ReadAllBytes(path);
        int at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("<f8", StringComparison.Ordinal);
        bytes[at + 1] = (byte)'i';
        File.WriteAllBytes(path, bytes);
        ExpectError(["fit", path, "-k", "1"], "ints.npy", "'<i8'", "not supported");
    }

    [Fact]
    public void MalformedHtk() => ExpectError(["fit", _cli.WriteText("bad.htk", "short"), "-k", "1"], "bad.htk", "HTK");

    [Fact]
    public void MoreComponentsThanPoints()
    {
        string input = _cli.WriteText("three.csv", "1,2\n3,4\n5,6\n");
        string model = _cli.PathOf("out.json");
        ExpectError(["fit", input, "-k", "5", "-o", model], "--components 5", "three.csv", "(3)");
        Assert.Empty(_cli.OtherFiles("three.csv"));
        ExpectError(["select", input, "-k", "1..4"], "three.csv");
    }

    [Fact]
    public void FeatureCountMismatch()
    {
        string model = Model();
        ExpectError(["score", _cli.WriteText("two.csv", "1,2\n3,4\n"), "-m", model], "two.csv", "2 features", "4");
    }

    [Fact]
    public void BadOutputExtension()
    {
        string model = Model();
        ExpectError(["sample", "-m", model, "-n", "5", "-o", _cli.PathOf("out.txt")], "out.txt", ".npy or .csv");
        Assert.Empty(_cli.OtherFiles("model.json"));
    }

    [Fact]
    public void OutputFolderMissing() =>
        ExpectError(["fit", "-o", Path.Combine(_cli.Folder, "no", "such", "m.json")], "does not exist");

    [Fact]
    public void ModelFileProblems()
    {
        string input = _cli.WriteText("a.csv", "1\n2\n3\n");
        ExpectError(["info", "-m", _cli.WriteText("notjson.json", "{ nope")], "notjson.json", "not a valid JSON");
        ExpectError(["info", "-m", _cli.WriteText("format.json", """{"format": "other/2"}""")], "format.json", "other/2");
        ExpectError(["info", "-m", _cli.WriteText("missing.json", """{"format": "gmm-model/1", "covariance_type": "diag"}""")], "missing.json", "n_components");
        string shape = _cli.WriteText("shape.json", """
            {"format": "gmm-model/1", "covariance_type": "diag", "n_components": 2, "n_features": 1,
             "weights": [0.5, 0.5], "means": [[0], [1, 2]], "covariances": [[1], [1]]}
            """);
        ExpectError(["score", input, "-m", shape], "shape.json", "means[1]", "2×1");
        // The library's ArgumentException (weights do not sum to 1) becomes one line naming the file.
        string sum = _cli.WriteText("sum.json", """
            {"format": "gmm-model/1", "covariance_type": "spherical", "n_components": 2, "n_features": 1,
             "weights": [0.5, 0.7], "means": [[0], [1]], "covariances": [1, 1]}
            """);
        string error = ExpectError(["score", input, "-m", sum], "sum.json", "weights must sum to 1");
        Assert.DoesNotContain("Parameter", error);
    }

    [Fact]
    public void SampleWeightsProblems()
    {
        string input = _cli.WriteText("a.csv", "1\n2\n3\n4\n");
        ExpectError(["fit", input, "-k", "1", "--sample-weights", _cli.WriteText("w3.csv", "1\n1\n1\n")], "w3.csv", "3 sample weights", "4 points");
        ExpectError(["fit", input, "-k", "1", "--sample-weights", _cli.WriteText("wneg.csv", "1\n-1\n1\n1\n")], "wneg.csv", "row 1");
    }

    [SkippableFact]
    public void GpuDeviceUnavailableIsOneLine()
    {
        // On a machine without a CUDA device, asking for it is a clear one-line error.
        var (code, _, error) = _cli.Run("fit", "--device", "cuda", "--max-iter", "1");
        Skip.If(code == 0, "this machine has a CUDA device, so --device cuda works instead of failing.");
        Assert.Equal(2, code);
        Assert.StartsWith("gmm: error: --device cuda", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void ArgumentExceptionMessagesLoseDotNetTails()
    {
        var e = new ArgumentOutOfRangeException("ComponentCount", 5, "k = 5 exceeds n = 3.");
        Assert.Equal("k = 5 exceeds n = 3.", global::Gmm.Cli.Infrastructure.Errors.Describe(e));
        Assert.Equal("bad value.", global::Gmm.Cli.Infrastructure.Errors.Describe(new ArgumentException("bad value.", "data")));
    }

    [Fact]
    public void OutputThatIsAnInput_IsRefusedAndTheInputKept()
    {
        string data = _cli.WriteText("points.csv", "1,2\n2,3\n3,1\n8,9\n9,8\n");
        string before = File.ReadAllText(data);
        ExpectError(["fit", data, "-k", "2", "-q", "-o", data], "--output", "is also an input");
        Assert.Equal(before, File.ReadAllText(data));
        string model = Model();
        string modelText = File.ReadAllText(model);
        ExpectError(["fit", data, "-k", "2", "--init-model", model, "-o", model], "is also an input");
        Assert.Equal(modelText, File.ReadAllText(model));
        string points = _cli.WriteText("points4.csv", "1,2,3,4\n2,3,4,5\n");
        string pointsText = File.ReadAllText(points);
        ExpectError(["predict", points, "-m", model, "-o", points], "is also an input");
        Assert.Equal(pointsText, File.ReadAllText(points));
    }
}
