using System.Text.Json;

namespace Gmm.Cluster;

/// <summary>
/// Where the data is: the shards of a fit in order, each with the nodes that hold a copy. Its JSON form is
/// <c>{"shards": [{"id": "s0", "path": "/data/s0.npy", "nodes": ["node-a", "node-b"], "weights": "/data/w0.npy", "dims": 39}, ...]}</c>
/// ("weights" and "dims" optional, per shard; "dims" is required for a raw float32 file). The fit's points are the shards' points in this order; statistics are added in this order.
/// </summary>
public sealed class ShardManifest
{
    /// <summary>A manifest of <paramref name="shards"/> (at least one; ids unique, each with at least one node).</summary>
    /// <exception cref="ArgumentException">No shards, an empty or repeated id, an empty path, a shard without nodes, or a "dims" below 1.</exception>
    public ShardManifest(IReadOnlyList<ShardEntry> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0) throw new ArgumentException("The manifest has no shards: at least one is needed.", nameof(shards));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < shards.Count; i++)
        {
            var shard = shards[i] ?? throw new ArgumentException($"shards[{i}] is null.", nameof(shards));
            if (string.IsNullOrWhiteSpace(shard.Id)) throw new ArgumentException($"shards[{i}] has no \"id\".", nameof(shards));
            if (!ids.Add(shard.Id)) throw new ArgumentException($"Shard id \"{shard.Id}\" appears twice in the manifest; ids must be unique.", nameof(shards));
            if (string.IsNullOrWhiteSpace(shard.Path)) throw new ArgumentException($"Shard \"{shard.Id}\" has no \"path\".", nameof(shards));
            if (shard.Nodes is null || shard.Nodes.Count == 0 || shard.Nodes.Any(string.IsNullOrWhiteSpace))
                throw new ArgumentException($"Shard \"{shard.Id}\" must name at least one node in \"nodes\" (no empty names).", nameof(shards));
            if (shard.Dimension is < 1) throw new ArgumentException($"Shard \"{shard.Id}\": \"dims\" must be at least 1; got {shard.Dimension}.", nameof(shards));
        }
        Shards = shards;
    }

    /// <summary>The shards, in the fit's order.</summary>
    public IReadOnlyList<ShardEntry> Shards { get; }

    /// <summary>Every node the manifest names, in order of first mention.</summary>
    public IReadOnlyList<string> Nodes => Shards.SelectMany(s => s.Nodes).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Reads a manifest from JSON text (the form in the class remarks).</summary>
    /// <exception cref="ArgumentException">Malformed JSON, a missing or mistyped field, or the checks of the constructor.</exception>
    public static ShardManifest Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("shards", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new ArgumentException("The manifest must be a JSON object with a \"shards\" array.", nameof(json));
            var shards = new List<ShardEntry>();
            int index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) throw new ArgumentException($"shards[{index}] must be an object.", nameof(json));
                string id = Text(item, "id", index) ?? throw new ArgumentException($"shards[{index}] has no \"id\".", nameof(json));
                string path = Text(item, "path", index) ?? throw new ArgumentException($"Shard \"{id}\" has no \"path\".", nameof(json));
                if (!item.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
                    throw new ArgumentException($"Shard \"{id}\" needs a \"nodes\" array naming the nodes that hold it.", nameof(json));
                var names = nodes.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new ArgumentException($"Shard \"{id}\": every entry of \"nodes\" must be a string.", nameof(json))).ToList();
                shards.Add(new ShardEntry(id, path, names, Text(item, "weights", index), Dims(item, id)));
                index++;
            }
            return new ShardManifest(shards);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The manifest is not valid JSON: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="ArgumentException">The file's content is not a valid manifest (the message names the file).</exception>
    public static ShardManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        try
        {
            return Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", nameof(path), e);
        }
    }

    private static int? Dims(JsonElement item, string id)
    {
        if (!item.TryGetProperty("dims", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int dims)
            ? dims
            : throw new ArgumentException($"Shard \"{id}\": \"dims\" must be a whole number (the features per point); got {value.GetRawText()}.", "json");
    }

    private static string? Text(JsonElement item, string name, int index)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ArgumentException($"shards[{index}].{name} must be a string.", "json");
    }
}
