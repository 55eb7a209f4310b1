using Gmm.Cli.Formats;

namespace Gmm.Cluster.Cli.Hosting;

/// <summary>Reads a node's shards with gmm's readers: every input format gmm fit reads (raw float32 excepted: it needs --dims).</summary>
internal sealed class FileShardReader : IShardReader
{
    public IDataSource<double> Read(string path, string? weightsPath)
    {
        using var input = DataReader.Open(path);
        var weights = weightsPath is null ? null : DataReader.ReadWeights(weightsPath, input.Count);
        return new InMemoryDataSource<double>(input.ReadAll(), input.Dimension, weights);
    }
}
