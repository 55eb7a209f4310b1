using Gmm.Cluster.Cli.Hosting;

namespace Gmm.Cluster.Tests.Tool;

/// <summary>The tool's shard reader: raw float32 with the manifest's "dims", float32 kept as read, and errors that say what is wrong.</summary>
public sealed class FileShardReaderTests : IDisposable
{
    private readonly ToolFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ARawFloat32FileWithDimsIsReadAsFloat32()
    {
        float[] values = [1.5f, -2, 3, 4, 5.25f, 6];
        string path = WriteRaw("s0.f32", values);
        var points = new FileShardReader().Read(path, null, 3);
        Assert.Null(points.Double);
        Assert.Equal(2, points.Count);
        Assert.Equal(3, points.Dimension);
        Assert.Equal(values, points.Single!.GetChunks(16).Single().Values.ToArray());
    }

    [Fact]
    public void Float32PointsWithAWeightsFileComeAsFloat64AsGmmReadsThem()
    {
        string path = WriteRaw("s0.f32", [1, 2, 3, 4]);
        string weights = _folder.WriteNpy("w0.npy", [0.1, 0.7], null);
        var points = new FileShardReader().Read(path, weights, 2);
        Assert.Null(points.Single);
        var chunk = points.Double!.GetChunks(16).Single();
        Assert.Equal([1.0, 2, 3, 4], chunk.Values.ToArray());
        Assert.Equal([0.1, 0.7], chunk.Weights.ToArray());
    }

    [Fact]
    public void ARawFileWithoutDimsIsRefusedSayingTheManifestNeedsThem()
    {
        string path = WriteRaw("s0.f32", [1, 2, 3, 4]);
        var error = Assert.Throws<InvalidDataException>(() => new FileShardReader().Read(path, null, null));
        Assert.Contains(path, error.Message);
        Assert.Contains("needs the shard's \"dims\" in the manifest", error.Message);
    }

    [Fact]
    public void ARawFileThatIsNotAWholeNumberOfRowsIsRefused()
    {
        string path = WriteRaw("s0.f32", [1, 2, 3, 4, 5]);
        var error = Assert.Throws<InvalidDataException>(() => new FileShardReader().Read(path, null, 2));
        Assert.Equal($"{path}: raw float32 file of 20 bytes is not a whole number of rows of the manifest's \"dims\" 2 (8 bytes each).", error.Message);
    }

    [Fact]
    public void DimsThatContradictTheFileAreRefused()
    {
        string path = _folder.WriteNpy("s0.npy", [1, 2, 3, 4, 5, 6], 3);
        var error = Assert.Throws<InvalidDataException>(() => new FileShardReader().Read(path, null, 2));
        Assert.Equal($"{path}: the file has 3 features per point but the manifest's \"dims\" is 2.", error.Message);
    }

    private string WriteRaw(string name, float[] values)
    {
        string path = _folder.PathOf(name);
        File.WriteAllBytes(path, [.. values.SelectMany(BitConverter.GetBytes)]);
        return path;
    }
}
