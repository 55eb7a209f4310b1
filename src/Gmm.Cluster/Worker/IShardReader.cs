namespace Gmm.Cluster;

/// <summary>
/// Reads a shard's file on the node that holds it. The tool's reader knows every input format <c>gmm</c> reads; a
/// library user supplies their own. The points are read once per fit and kept in memory in the fit's compute type.
/// </summary>
public interface IShardReader
{
    /// <summary>The points of <paramref name="path"/> (n×d, float64) with the weights of <paramref name="weightsPath"/> (n) when given.</summary>
    /// <exception cref="ArgumentException">The file is not readable as points, or the weights do not match them.</exception>
    IDataSource<double> Read(string path, string? weightsPath);
}
