using Gmm.Cli.Formats;

namespace Gmm.Cluster.Cli.Hosting;

/// <summary>
/// Reads a node's shards with gmm's readers: every input format gmm fit reads, raw float32 included when the manifest
/// gives the shard's "dims". Float32 points without a weights file stay float32 (a float32 fit keeps them as read);
/// with weights, points and weights come as float64, as gmm reads them.
/// </summary>
internal sealed class FileShardReader : IShardReader
{
    public ShardPoints Read(string path, string? weightsPath, int? dimension)
    {
        if (DataReader.IsRaw(path))
        {
            DataReader.CheckReadable(path);
            int dims = dimension ?? throw new InvalidDataException(
                $"{path}: a raw float32 file (an extension that names no format) needs the shard's \"dims\" in the manifest: the features per point.");
            long length = new FileInfo(path).Length;
            if (length % (4L * dims) != 0)
                throw new InvalidDataException($"{path}: raw float32 file of {length} bytes is not a whole number of rows of the manifest's \"dims\" {dims} ({4L * dims} bytes each).");
        }
        using var input = DataReader.Open(path, DataReader.IsRaw(path) ? dimension : null);
        if (dimension is { } expected && input.Dimension != expected)
            throw new InvalidDataException($"{path}: the file has {input.Dimension} features per point but the manifest's \"dims\" is {expected}.");
        if (weightsPath is null && input is InputData<float> single)
            return new ShardPoints(new InMemoryDataSource<float>(ReadAll(single.Source), single.Dimension));
        var weights = weightsPath is null ? null : DataReader.ReadWeights(weightsPath, input.Count);
        return new ShardPoints(new InMemoryDataSource<double>(input.ReadAll(), input.Dimension, weights));
    }

    private static float[] ReadAll(IDataSource<float> source)
    {
        var values = new float[source.Count * source.Dimension];
        foreach (var chunk in source.GetChunks(1 << 16))
            chunk.Values.Span.CopyTo(values.AsSpan((int)(chunk.Start * source.Dimension)));
        return values;
    }
}
