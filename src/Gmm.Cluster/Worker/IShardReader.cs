namespace Gmm.Cluster;

/// <summary>
/// Reads a shard's file on the node that holds it. The tool's reader knows every input format <c>gmm</c> reads; a
/// library user supplies their own. The points are read once per fit and kept in memory in the fit's compute type
/// (float32 points of a float32 fit as they were read).
/// </summary>
public interface IShardReader
{
    /// <summary>
    /// The points of <paramref name="path"/> (n×d, in the file's own precision) with the weights of
    /// <paramref name="weightsPath"/> (n) when given.
    /// </summary>
    /// <param name="path">The points' file as the node sees it.</param>
    /// <param name="weightsPath">The weights' file, or null (every weight 1).</param>
    /// <param name="dimension">The manifest's <c>"dims"</c> for the shard: d for a format that does not say it (raw float32), checked against one that does; null when not given.</param>
    /// <exception cref="ArgumentException">The file is not readable as points, or the weights do not match them.</exception>
    ShardPoints Read(string path, string? weightsPath, int? dimension);
}
