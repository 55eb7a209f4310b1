using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// The output guard on the commands that came with model selection and the speaker models: a plot (select --plot,
/// eer --plot) that names one of the command's inputs through a symbolic link is refused before any work and the input
/// is kept, and an adapt --output that is a folder without --spk2utt is refused.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MergedCommandGuardTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private void Refused(string[] args, string input)
    {
        var before = File.ReadAllBytes(input);
        var (code, _, error) = _cli.Run(args);
        Assert.True(code == 2, error);
        Assert.Contains("is also an input of this command", error);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Empty(Directory.GetFiles(_cli.Folder, "*.tmp"));
    }

    [LinuxFact]
    public void SelectPlotOntoItsSymlinkedInput_IsRefused()
    {
        string data = _cli.WriteNpy("data.npy", CliHarness.Blobs(40), [40, 2], single: true);
        string alias = _cli.PathOf("alias.png");
        File.CreateSymbolicLink(alias, "data.npy");
        Refused(["select", data, "--models", "EII", "-k", "1..2", "--plot", alias], data);
    }

    [LinuxFact]
    public void EerPlotOntoItsSymlinkedScores_IsRefused()
    {
        string scores = _cli.WriteText("scores.txt", "2.5 target\n-1.0 nontarget\n0.5 target\n-0.5 nontarget\n");
        string alias = _cli.PathOf("det.svg");
        File.CreateSymbolicLink(alias, "scores.txt");
        Refused(["eer", scores, "--plot", alias], scores);
    }

    [LinuxFact]
    public void AdaptIntoAFolderWithoutSpk2utt_IsRefused()
    {
        string data = _cli.WriteNpy("feats.npy", CliHarness.Blobs(40), [40, 2], single: true);
        string ubm = _cli.PathOf("ubm.json");
        Assert.Equal(0, _cli.Run("fit", data, "-k", "2", "-c", "diag", "-q", "-o", ubm).Code);
        string folder = _cli.PathOf("models");
        Directory.CreateDirectory(folder);
        var (code, _, error) = _cli.Run("adapt", data, "--ubm", ubm, "-o", folder);
        Assert.True(code == 2, error);
        Assert.Contains("is a directory", error);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }
}
