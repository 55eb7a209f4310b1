using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §7: data above the in-memory limit is read from its file at every iteration instead of being held, and
/// gives the in-memory result (the limit lowered to 0 here; docs/benchmarks.md has the 6.4 GB run).
/// </summary>
public sealed class StreamingTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("full")]
    [InlineData("tied")]
    [InlineData("diag")]
    [InlineData("spherical")]
    public void AFitStreamedFromTheFile_EqualsTheFitHeldInMemory(string type)
    {
        string data = _cli.WriteNpy("d.npy", CliHarness.Blobs(150_000, 3), [150_000, 3], single: true); // three chunks
        string held = _cli.PathOf("held.json"), streamed = _cli.PathOf("streamed.json");
        Assert.Equal(0, _cli.Run("fit", data, "-k", "3", "-c", type, "-q", "--device", "cpu", "-o", held).Code);
        var (code, _, error) = _cli.Run("fit", data, "-k", "3", "-c", type, "-q", "--device", "cpu", "--in-memory-limit-mb", "0", "-o", streamed);
        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllText(held), File.ReadAllText(streamed));
    }

    [Fact]
    public void BenchStreamsThroughATemporaryNpy_AndLeavesNothing()
    {
        var (code, output, error) = _cli.Run("bench", "--n", "70000", "--d", "2", "--k", "2", "--backend", "cpu", "--iters", "1", "--warmup", "0",
            "--in-memory-limit-mb", "0", "--data-dir", _cli.Folder);
        Assert.True(code == 0, error);
        Assert.Contains("| 70000 | 2 | 2 | diag | cpu |", output);
        Assert.Contains("streamed: N = 70000", output);
        Assert.Empty(Directory.GetFiles(_cli.Folder));
    }

    /// <summary>The temporary file loses its name right after it is created, before any data is written, so a process
    /// killed while it writes the data (gigabytes, minutes) leaves nothing: the folder is watched while the data set is
    /// written, and at most an empty file may be glimpsed in the instant between creation and removal.</summary>
    [LinuxFact]
    public void BenchsTemporaryFile_HasNoNameEvenWhileItIsWritten()
    {
        var settings = new global::Gmm.Cli.Bench.BenchSettings { Ns = [2_000_000], Ds = [8], Ks = [2], Types = [CovarianceType.Diagonal], Backends = ["cpu"], DataFolder = _cli.Folder, InMemoryLimitBytes = 0 };
        var seen = new List<long>();
        using var done = new CancellationTokenSource();
        using var watching = new ManualResetEventSlim();
        var watcher = Task.Run(() =>
        {
            watching.Set();
            while (!done.IsCancellationRequested) seen.AddRange(Directory.GetFiles(_cli.Folder).Select(Length));
        });
        watching.Wait();
        using (var set = global::Gmm.Cli.Bench.BenchDataSet<float>.Create(2_000_000, 8, 8, 300, settings, default))
        {
            done.Cancel();
            watcher.Wait();
            Assert.True(set.Streamed);
            Assert.Equal(2_000_000, set.Source.Count);
        }
        Assert.All(seen, length => Assert.Equal(0, length));
    }

    private static long Length(string path)
    {
        try { return new FileInfo(path).Length; }
        catch (IOException) { return 0; } // removed meanwhile
    }

    /// <summary>The synthetic data is the same placed in memory or in the file (same blocks, same start model).</summary>
    [Fact]
    public void BenchDataIsTheSameInMemoryAndInTheFile()
    {
        var settings = new global::Gmm.Cli.Bench.BenchSettings { Ns = [70_000], Ds = [3], Ks = [4], Types = [CovarianceType.Full], Backends = ["cpu"], DataFolder = _cli.Folder };
        using var held = global::Gmm.Cli.Bench.BenchDataSet<float>.Create(70_000, 3, 8, 300, settings, default);
        using var streamed = global::Gmm.Cli.Bench.BenchDataSet<float>.Create(70_000, 3, 8, 300, settings with { InMemoryLimitBytes = 0 }, default);
        Assert.False(held.Streamed);
        Assert.True(streamed.Streamed);
        Assert.Equal(Values(held.Source), Values(streamed.Source));
        Assert.Equal(held.StartModel(4, CovarianceType.Full, few: false).Means, streamed.StartModel(4, CovarianceType.Full, few: false).Means);
        Assert.Equal(Values(held.Few), Values(streamed.Few));
    }

    private static float[] Values(IDataSource<float> source) => [.. source.GetChunks(10_000).SelectMany(c => c.Values.ToArray())];
}
