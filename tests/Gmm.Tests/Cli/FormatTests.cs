using System.Buffers.Binary;
using System.Text;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>Readers and writers: .npy, .csv, HTK, raw float32, the model file, and the atomic output file.</summary>
public sealed class FormatTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static double[] ReadAll(string path, int? dims = null)
    {
        using var data = DataReader.Open(path, dims);
        return data.ReadAll();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NpyRoundTrip(bool single)
    {
        var values = CliHarness.Blobs(1000, 3);
        string path = _cli.WriteNpy("a.npy", values, [1000, 3], single);
        using var data = DataReader.Open(path);
        Assert.Equal(3, data.Dimension);
        Assert.Equal(1000, data.Count);
        Assert.IsType(single ? typeof(InputData<float>) : typeof(InputData<double>), data);
        var read = data.ReadAll();
        for (int i = 0; i < values.Length; i++) Assert.Equal(single ? (float)values[i] : values[i], read[i]);

        // Memory-mapped chunks cover the file exactly, in order.
        Assert.Equal(1000, data switch
        {
            InputData<float> f => ChunkedCount(f.Source),
            InputData<double> d => ChunkedCount(d.Source),
            _ => -1,
        });
    }

    private static long ChunkedCount<T>(IDataSource<T> source) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        long next = 0;
        foreach (var chunk in source.GetChunks(64))
        {
            Assert.Equal(next, chunk.Start);
            Assert.Equal(source.Dimension * chunk.Count, chunk.Values.Length);
            next += chunk.Count;
        }
        return next;
    }

    [Fact]
    public void NpyWriterOutputReadsBack()
    {
        var values = CliHarness.Blobs(50, 4);
        string path = _cli.PathOf("w.npy");
        using (var writer = ArrayWriter.ForValues(path, 50, ["a", "b", "c", "d"]))
        {
            writer.WriteValues(values.AsSpan(0, 100));
            writer.WriteValues(values.AsSpan(100));
            writer.Commit();
        }
        Assert.Equal(values, ReadAll(path));
        Assert.Empty(_cli.OtherFiles("w.npy"));
    }

    [Fact]
    public void CsvWriterOutputReadsBackExactly()
    {
        var values = CliHarness.Blobs(20, 2).Select(v => v / 3).ToArray();
        string path = _cli.PathOf("w.csv");
        using (var writer = ArrayWriter.ForValues(path, 20, ["x", "y"]))
        {
            writer.WriteValues(values);
            writer.Commit();
        }
        using var data = DataReader.Open(path);
        Assert.Equal(["x", "y"], data.FeatureNames!);
        Assert.Equal(values, data.ReadAll());
    }

    [Fact]
    public void NpyOneDimensionalIsOneFeature()
    {
        string path = _cli.WriteNpy("v.npy", [1, 2, 3], [3], single: false);
        using var data = DataReader.Open(path);
        Assert.Equal(1, data.Dimension);
        Assert.Equal(3, data.Count);
    }

    [Fact]
    public void NpyVersion2HeaderAndPythonSpelling()
    {
        // A version 2 header (4-byte length) as numpy writes for huge headers, with numpy's own spacing.
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        int total = 12 + dict.Length + 1;
        string header = dict + new string(' ', (total + 63) / 64 * 64 - total) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0 };
        bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        foreach (float v in new[] { 1.5f, -2f, 3f, 4.25f }) bytes.AddRange(BitConverter.GetBytes(v));
        string path = _cli.PathOf("v2.npy");
        File.WriteAllBytes(path, [.. bytes]);
        Assert.Equal([1.5, -2, 3, 4.25], ReadAll(path));
    }

    [Fact]
    public void NpyRejectsFortranOrderAndBigEndian()
    {
        string path = _cli.WriteNpy("f.npy", [1, 2, 3, 4], [2, 2], single: true);
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.Replace("'fortran_order': False", "'fortran_order': True ")));
        Assert.Contains("Fortran", Assert.Throws<CliException>(() => ReadAll(path)).Message);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.Replace("'<f4'", "'>f4'")));
        Assert.Contains("big-endian", Assert.Throws<CliException>(() => ReadAll(path)).Message);
    }

    [Fact]
    public void CsvWithAndWithoutHeader()
    {
        var withHeader = CsvFormat.Read("h.csv", new StringReader("\"sepal length\",width\n1,2\n\n# comment\n3.5,-4e2\n"));
        Assert.Equal(["sepal length", "width"], withHeader.Header!);
        Assert.Equal([1, 2, 3.5, -400], withHeader.Values);
        Assert.Equal(2, withHeader.Rows);

        var without = CsvFormat.Read("n.csv", new StringReader("1,2\n3,4\n5,6"));
        Assert.Null(without.Header);
        Assert.Equal(3, without.Rows);
        Assert.Equal(2, without.Columns);

        // A first line mixing numbers and words is a malformed row, not a header.
        Assert.Contains("line 1", Assert.Throws<CliException>(() => CsvFormat.Read("m.csv", new StringReader("1,abc\n2,3\n"))).Message);
        // NaN spellings are recognised as numbers (and then rejected as non-finite).
        Assert.Contains("data row 1", Assert.Throws<CliException>(() => CsvFormat.Read("nan.csv", new StringReader("x\nNaN\n"))).Message);
        Assert.Contains("holds -inf", Assert.Throws<CliException>(() => CsvFormat.Read("inf.csv", new StringReader("1\n-inf\n"))).Message);
    }

    [Fact]
    public void HtkFilesAreReadThroughGmmSpeech()
    {
        // MFCC_E, 3 frames of 2 features (the format itself is tested in Speech/HtkFileTests).
        string path = _cli.PathOf("a.mfc");
        var features = new Gmm.Speech.FeatureMatrix(3, 2, [1, 2, 3, 4, 5, -6.5f]);
        Gmm.Speech.Archives.HtkFile.Write(path, features, new Gmm.Speech.Archives.HtkParameterKind(6 | 0x40), checksum: true);
        Assert.Equal([1, 2, 3, 4, 5, -6.5], ReadAll(path));
        Assert.Equal(0, _cli.Run("fit", path, "-k", "1", "-q").Code);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]);
        var message = Assert.Throws<CliException>(() => ReadAll(path)).Message;
        Assert.Contains("a.mfc", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void RawFloat32NeedsDims()
    {
        string path = _cli.PathOf("p.raw");
        File.WriteAllBytes(path, [.. new float[] { 1, 2, 3, 4, 5, 6 }.SelectMany(BitConverter.GetBytes)]);
        Assert.Equal([1, 2, 3, 4, 5, 6], ReadAll(path, 3));
        using (var data = DataReader.Open(path, 2)) Assert.Equal(3, data.Count);
        Assert.Contains("--dims", Assert.Throws<CliException>(() => ReadAll(path)).Message);
        Assert.Contains("--dims 4", Assert.Throws<CliException>(() => ReadAll(path, 4)).Message);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void ModelFileRoundTrip(CovarianceType type)
    {
        var values = CliHarness.Blobs(300, 3);
        var fit = new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 2, CovarianceType = type }).Fit(values, 3);
        string path = _cli.PathOf("m.json");
        ModelFile.Write(path, new ModelFile.Content(fit.Model, fit.Converged, fit.Iterations, fit.LowerBound));

        var read = ModelFile.Read(path);
        Assert.Equal(type, read.Model.CovarianceType);
        Assert.Equal(fit.Model.Weights, read.Model.Weights);
        Assert.Equal(fit.Model.Means, read.Model.Means);
        Assert.Equal(fit.Model.Covariances, read.Model.Covariances);
        Assert.Equal(fit.Converged, read.Converged);
        Assert.Equal(fit.Iterations, read.Iterations);
        Assert.Equal(fit.LowerBound, read.LowerBound);

        // The schema: keys and nesting as scikit-learn's attributes.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal("gmm-model/1", root.GetProperty("format").GetString());
        Assert.Equal(ModelFile.TypeName(type), root.GetProperty("covariance_type").GetString());
        Assert.Equal(2, root.GetProperty("n_components").GetInt32());
        Assert.Equal(3, root.GetProperty("n_features").GetInt32());
        Assert.Equal(2, root.GetProperty("weights").GetArrayLength());
        Assert.Equal(3, root.GetProperty("means")[1].GetArrayLength());
        var covariances = root.GetProperty("covariances");
        int[] expectedShape = type switch
        {
            CovarianceType.Full => [2, 3, 3],
            CovarianceType.Tied => [3, 3],
            CovarianceType.Diagonal => [2, 3],
            _ => [2],
        };
        Assert.Equal(expectedShape, Shape(covariances));
        Assert.Equal(expectedShape, Shape(root.GetProperty("precisions_cholesky")));
        Assert.Equal(fit.Model.PrecisionsCholesky, Flatten(root.GetProperty("precisions_cholesky")));
        foreach (var key in new[] { "converged", "n_iter", "lower_bound" }) Assert.True(root.TryGetProperty(key, out _));
    }

    [Fact]
    public void HandWrittenModelWithoutFitFieldsLoads()
    {
        string path = _cli.WriteText("hand.json", """
            {"format": "gmm-model/1", "covariance_type": "full", "n_components": 1, "n_features": 2,
             "weights": [1], "means": [[0, 0]], "covariances": [[[1, 0.5], [0.5, 2]]], "extra": "ignored"}
            """);
        var read = ModelFile.Read(path);
        Assert.Null(read.Converged);
        Assert.Null(read.Iterations);
        Assert.Null(read.LowerBound);
        Assert.Equal([1, 0.5, 0.5, 2], read.Model.Covariances);
        var info = _cli.Run("info", "-m", path);
        Assert.Equal(0, info.Code);
        Assert.Contains("unknown", info.Out);
    }

    [Fact]
    public void AtomicFileLeavesNothingUnlessCommitted()
    {
        string path = _cli.PathOf("out.npy");
        using (var writer = ArrayWriter.ForLabels(path, 3))
            writer.WriteLabels([1, 2]); // abandoned half-way
        Assert.Empty(Directory.GetFiles(_cli.Folder));
        File.WriteAllText(path, "old");
        using (var file = AtomicFile.Create(path))
        {
            file.Stream.Write("new"u8);
            Assert.Equal("old", File.ReadAllText(path)); // the old file stays until the commit
            file.Commit();
        }
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_cli.Folder));
    }

    private static int[] Shape(System.Text.Json.JsonElement element)
    {
        var shape = new List<int>();
        while (element.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            shape.Add(element.GetArrayLength());
            element = element[0];
        }
        return [.. shape];
    }

    private static double[] Flatten(System.Text.Json.JsonElement element) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Array ? [.. element.EnumerateArray().SelectMany(Flatten)] : [element.GetDouble()];
}
