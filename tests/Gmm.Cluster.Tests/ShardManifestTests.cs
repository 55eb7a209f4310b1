namespace Gmm.Cluster.Tests;

public sealed class ShardManifestTests
{
    [Fact]
    public void ParsesTheIssuesForm()
    {
        var manifest = ShardManifest.Parse("""{"shards": [{"id": "s0", "path": "/data/s0.npy", "nodes": ["node-a", "node-b"]}, {"id": "s1", "path": "/data/s1.npy", "nodes": ["node-b"], "weights": "/data/w1.npy"}]}""");
        Assert.Equal(["s0", "s1"], manifest.Shards.Select(s => s.Id));
        Assert.Equal(["node-a", "node-b"], manifest.Nodes);
        Assert.Null(manifest.Shards[0].WeightsPath);
        Assert.Equal("/data/w1.npy", manifest.Shards[1].WeightsPath);
        Assert.Null(manifest.Shards[0].Dimension);
    }

    [Fact]
    public void ReadsAShardsDims()
    {
        var manifest = ShardManifest.Parse("""{"shards": [{"id": "s0", "path": "/data/s0.f32", "nodes": ["node-a"], "dims": 39}]}""");
        Assert.Equal(39, manifest.Shards[0].Dimension);
    }

    [Theory]
    [InlineData("""{"shards": []}""", "no shards")]
    [InlineData("""{"shard": []}""", "\"shards\" array")]
    [InlineData("""{"shards": [{"id": "s0", "path": "/a.npy", "nodes": []}]}""", "Shard \"s0\" must name at least one node")]
    [InlineData("""{"shards": [{"id": "s0", "nodes": ["a"]}]}""", "Shard \"s0\" has no \"path\"")]
    [InlineData("""{"shards": [{"id": "s0", "path": "/a.npy", "nodes": ["a"]}, {"id": "s0", "path": "/b.npy", "nodes": ["a"]}]}""", "appears twice")]
    [InlineData("""{"shards": [{"id": 3, "path": "/a.npy", "nodes": ["a"]}]}""", "shards[0].id must be a string")]
    [InlineData("""{"shards": [""", "not valid JSON")]
    [InlineData("""{"shards": [{"id": "s0", "path": "/a.f32", "nodes": ["a"], "dims": 0}]}""", "Shard \"s0\": \"dims\" must be at least 1; got 0")]
    [InlineData("""{"shards": [{"id": "s0", "path": "/a.f32", "nodes": ["a"], "dims": "39"}]}""", "Shard \"s0\": \"dims\" must be a whole number")]
    [InlineData("""{"shards": [{"id": "s0", "path": "/a.f32", "nodes": ["a"], "dims": 3.5}]}""", "Shard \"s0\": \"dims\" must be a whole number")]
    public void RejectsAMalformedManifestSayingWhy(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ShardManifest.Parse(json));
        Assert.Contains(expected, error.Message);
    }
}
