namespace Gmm.Cluster;

/// <summary>One shard of a manifest: a file of points, held by one or more nodes.</summary>
/// <param name="Id">The shard's name, unique in the manifest (errors and reports name it).</param>
/// <param name="Path">The points' file as seen on every node that holds it (any input format the worker's reader knows).</param>
/// <param name="Nodes">The nodes holding a copy, in order of preference (at least one).</param>
/// <param name="WeightsPath">An optional file of one sample weight per point, as seen on those nodes; null: every weight is 1.</param>
/// <param name="Dimension">
/// The manifest's optional <c>"dims"</c>: the number of features per point, which a raw float32 file needs (its size must
/// be a whole number of rows of that many values) and which other formats are checked against; null: the file says.
/// </param>
public sealed record ShardEntry(string Id, string Path, IReadOnlyList<string> Nodes, string? WeightsPath = null, int? Dimension = null);
