namespace Gmm.Cluster;

/// <summary>
/// A shard's points as its reader gives them, in the file's own precision: float32 points stay float32 on a node whose
/// fit computes in float32 (no float64 copy), and become float64 exactly for a float64 fit; float64 points are
/// validated in float64 and converted value by value for a float32 fit, as a local fit converts them.
/// </summary>
public sealed class ShardPoints
{
    /// <summary>Float32 points (n×d), with their weights in float32 when they have any.</summary>
    public ShardPoints(IDataSource<float> points)
    {
        Single = points ?? throw new ArgumentNullException(nameof(points));
    }

    /// <summary>Float64 points (n×d), with their weights when they have any.</summary>
    public ShardPoints(IDataSource<double> points)
    {
        Double = points ?? throw new ArgumentNullException(nameof(points));
    }

    /// <summary>The float32 points, or null when they are float64.</summary>
    public IDataSource<float>? Single { get; }

    /// <summary>The float64 points, or null when they are float32.</summary>
    public IDataSource<double>? Double { get; }

    /// <summary>n, the number of points.</summary>
    public long Count => Single?.Count ?? Double!.Count;

    /// <summary>d, the number of features per point.</summary>
    public int Dimension => Single?.Dimension ?? Double!.Dimension;

    /// <summary>Whether the points carry sample weights.</summary>
    public bool HasWeights => Single?.HasWeights ?? Double!.HasWeights;
}
