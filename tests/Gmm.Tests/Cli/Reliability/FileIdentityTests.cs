using System.Diagnostics;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §1: an output that is one of the command's inputs under another name (a symbolic link, a hard link, a
/// linked folder) is refused before any work and the input is kept; outputs are written through links; outputs that
/// are devices or pipes are written into, never replaced; read-only outputs are refused.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileIdentityTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Data(string name = "data.npy") => _cli.WriteNpy(name, CliHarness.Blobs(40), [40, 2], single: true);

    private string Model()
    {
        string model = _cli.PathOf("model.json");
        Assert.Equal(0, _cli.Run("fit", Data("train.npy"), "-k", "2", "-q", "-o", model).Code);
        return model;
    }

    private void Refused(string[] args, string input)
    {
        var before = File.ReadAllBytes(input);
        var (code, _, error) = _cli.Run(args);
        Assert.True(code == 2, error);
        Assert.Contains("is also an input of this command", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Empty(Directory.GetFiles(_cli.Folder, "*.tmp"));
    }

    [LinuxFact]
    public void PredictIntoTheTargetOfItsSymlinkedInput_IsRefused()
    {
        string model = Model(), data = Data();
        string alias = _cli.PathOf("alias.npy");
        File.CreateSymbolicLink(alias, "data.npy");
        Refused(["predict", alias, "-m", model, "-o", data], data);
    }

    [LinuxFact]
    public void FitOverTheTargetOfItsSymlinkedInitModel_IsRefused()
    {
        string target = Model();
        string link = _cli.PathOf("link.json");
        File.CreateSymbolicLink(link, target);
        Refused(["fit", Data(), "--init-model", link, "-q", "-o", target], target);
        Refused(["fit", Data(), "--init-model", target, "-q", "-o", link], target); // and the other way round
    }

    [LinuxFact]
    public void HardLinkAndLinkedFolder_AreTheSameFile()
    {
        string model = Model(), data = Data();
        string hard = _cli.PathOf("hard.npy");
        Run("ln", data, hard);
        Refused(["predict", data, "-m", model, "-o", hard], data);
        string folder = _cli.PathOf("again");
        Directory.CreateSymbolicLink(folder, _cli.Folder);
        Refused(["predict", data, "-m", model, "-o", Path.Combine(folder, "data.npy")], data);
    }

    [LinuxFact]
    public void TwoOutputsThatAreOneFile_AreRefused()
    {
        string model = Model();
        string points = _cli.PathOf("points.npy");
        File.WriteAllText(points, "old");
        string link = _cli.PathOf("labels.npy");
        File.CreateSymbolicLink(link, points);
        var (code, _, error) = _cli.Run("sample", "-m", model, "-n", "5", "-o", points, "--labels", link);
        Assert.Equal(2, code);
        Assert.Contains("--output and --labels name the same file", error);
        Assert.Equal("old", File.ReadAllText(points));
    }

    [LinuxFact]
    public void AnOutputThatIsALink_IsWrittenThroughAndTheLinkKept()
    {
        string model = Model();
        string target = _cli.PathOf("target.npy");
        File.WriteAllText(target, "old");
        string link = _cli.PathOf("link.npy");
        File.CreateSymbolicLink(link, "target.npy");
        Assert.Equal(0, _cli.Run("sample", "-m", model, "-n", "5", "-q", "-o", link).Code);
        Assert.Equal("target.npy", new FileInfo(link).LinkTarget);
        Assert.StartsWith("\x93NUMPY", File.ReadAllText(target, System.Text.Encoding.Latin1));
    }

    [LinuxFact]
    public void AReadOnlyOutput_IsRefusedAndKept()
    {
        string model = Model();
        string output = _cli.PathOf("kept.npy");
        File.WriteAllText(output, "mine");
        File.SetUnixFileMode(output, UnixFileMode.UserRead);
        var (code, _, error) = _cli.Run("sample", "-m", model, "-n", "5", "-o", output);
        Assert.Equal(2, code);
        Assert.Contains("read-only", error);
        Assert.Equal("mine", File.ReadAllText(output));
    }

    /// <summary>A FIFO (like /dev/stdout or /dev/null) is written into; renaming a file over it would have replaced it.</summary>
    [LinuxFact]
    public void AnOutputThatIsAPipe_IsWrittenIntoNotReplaced()
    {
        string fifo = _cli.PathOf("results.pipe");
        Run("mkfifo", fifo);
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var (code, _, error) = _cli.Run("bench", "--n", "300", "--d", "2", "--k", "2", "--backend", "cpu", "--iters", "1", "--warmup", "0", "-q", "--csv", fifo);
        if (!reader.Wait(TimeSpan.FromSeconds(30)))
        {
            using (File.OpenWrite(fifo)) { } // release the reader before failing
            Assert.Fail($"nothing was written into the FIFO (exit {code}: {error})");
        }
        Assert.Equal(0, code);
        Assert.StartsWith("N,D,K,type,backend", reader.Result);
        Assert.Equal("fifo", Output("stat", "-c", "%F", fifo).Trim());
        Assert.Empty(Directory.GetFiles(_cli.Folder, "*.tmp"));
    }

    [LinuxFact]
    public void ResolveFollowsLinksInEveryComponentAndStopsAtLoops()
    {
        string real = Directory.CreateDirectory(_cli.PathOf("real")).FullName;
        File.WriteAllText(Path.Combine(real, "f.txt"), "x");
        Directory.CreateSymbolicLink(_cli.PathOf("d1"), "real");
        File.CreateSymbolicLink(Path.Combine(real, "l.txt"), "../d1/f.txt");
        Assert.Equal(Path.Combine(real, "f.txt"), FileIdentity.Resolve(Path.Combine(_cli.PathOf("d1"), "l.txt")));
        Assert.Equal(Path.Combine(real, "new.txt"), FileIdentity.Resolve(Path.Combine(_cli.PathOf("d1"), "new.txt"))); // not there yet
        File.CreateSymbolicLink(_cli.PathOf("loop1"), "loop2");
        File.CreateSymbolicLink(_cli.PathOf("loop2"), "loop1");
        Assert.Equal(_cli.PathOf("loop1"), FileIdentity.Resolve(_cli.PathOf("loop1")));
        Assert.Null(FileIdentity.Of(_cli.PathOf("loop1")));
        Assert.True(FileIdentity.Of(Path.Combine(real, "l.txt"))!.SameFileAs(FileIdentity.Of(Path.Combine(real, "f.txt"))!));
    }

    /// <summary>The guard also covers files a run reads that its command line does not name (a list of files, say).</summary>
    [Fact]
    public void AFileReadDuringTheRun_CannotBeReplacedByItsOutput()
    {
        string read = _cli.WriteText("listed.csv", "1\n2\n");
        var parsed = new System.CommandLine.RootCommand().Parse([]);
        using (FileGuard.Begin(parsed))
        {
            FileGuard.NoteRead(read);
            var e = Assert.Throws<global::Gmm.Cli.Infrastructure.CliException>(() => AtomicFile.Create(read));
            Assert.Contains("is also an input of this command", e.Message);
        }
        using (var file = AtomicFile.Create(read)) file.Commit(); // outside a guarded run nothing is recorded
    }

    private static void Run(string program, params string[] args) => Output(program, args);

    private static string Output(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program}: {process.StandardError.ReadToEnd()}");
        return output;
    }
}
