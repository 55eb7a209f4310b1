using System.Diagnostics;
using System.Runtime.InteropServices;
using Gmm.Cli.Formats;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §4: SIGTERM and SIGHUP take Ctrl+C's path in a real gmm process: the command is cancelled, its temporary
/// output is deleted, and it exits with 128 + the signal (143, 129; Ctrl+C's SIGINT 130), even in work that does not
/// look at the cancellation (then after the grace period).
/// </summary>
public sealed class SignalTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [LinuxFact]
    public void SigtermDuringPredict_DeletesTheTemporaryFileAndExits143() => Interrupt("TERM", 143, "SIGTERM");

    [LinuxFact]
    public void SighupDuringPredict_DeletesTheTemporaryFileAndExits129() => Interrupt("HUP", 129, "SIGHUP");

    [LinuxFact]
    public void SigintDuringPredict_DeletesTheTemporaryFileAndExits130() => Interrupt("INT", 130, "SIGINT");

    /// <summary>sample writes its draw without looking at the cancellation: the grace period ends it the same way.</summary>
    [LinuxFact]
    public void SigtermDuringWorkThatIgnoresTheToken_EndsAfterTheGracePeriod()
    {
        string model = Model();
        using var gmm = Start("sample", "-m", model, "-n", "20000000", "-o", "drawn.csv"); // writing takes well over the grace period, also on an idle host
        WaitForTemporary(gmm, "drawn.csv");
        Signal("TERM", gmm.Id);
        Assert.True(gmm.WaitForExit(TimeSpan.FromSeconds(120)), "gmm did not end within 120 s of SIGTERM");
        Assert.Equal(143, gmm.ExitCode);
        // Ended by the grace period, not by the end of the writing: the command never reached its last line. (What this
        // checks, not how long it took, which a loaded machine can stretch.)
        Assert.DoesNotContain("wrote", gmm.StandardOutput.ReadToEnd());
        Assert.Contains("gmm: error: cancelled (SIGTERM).", gmm.StandardError.ReadToEnd());
        Assert.Empty(_cli.OtherFiles("model.json", "train.npy"));
    }

    private void Interrupt(string signal, int exitCode, string name)
    {
        string model = Model();
        string data = WriteLarge("big.npy", 3_000_000, 3);
        using var gmm = Start("predict", data, "-m", model, "--proba", "-o", "p.csv");
        WaitForTemporary(gmm, "p.csv");
        Signal(signal, gmm.Id);
        Assert.True(gmm.WaitForExit(TimeSpan.FromSeconds(120)), $"gmm did not end within 120 s of SIG{signal}");
        string error = gmm.StandardError.ReadToEnd();
        Assert.True(gmm.ExitCode == exitCode, $"exit {gmm.ExitCode}: {error}");
        Assert.Equal($"gmm: error: cancelled ({name}).", error.Trim());
        Assert.Empty(_cli.OtherFiles("model.json", "train.npy", "big.npy"));
    }

    private string Model()
    {
        string model = _cli.PathOf("model.json");
        var train = _cli.WriteNpy("train.npy", CliHarness.Blobs(300, 3), [300, 3], single: true);
        Assert.Equal(0, _cli.Run("fit", train, "-k", "3", "-q", "-o", model).Code);
        return model;
    }

    /// <summary>n×d float32 standard normals (fast to write, slow enough to predict into a CSV).</summary>
    private string WriteLarge(string name, int n, int d)
    {
        string path = _cli.PathOf(name);
        var random = new Random(3);
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 4 - 2);
        using var stream = File.Create(path);
        NpyFormat.WriteHeader(stream, "<f4", [n, d]);
        stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        return path;
    }

    /// <summary>
    /// Starts gmm with the default disposition of the signals under test. A test host launched in the background or
    /// under nohup inherits SIGINT/SIGHUP as ignored, and a process that starts with a signal ignored rightly keeps
    /// ignoring it (that is what nohup is for); coreutils' env resets them, so the test sees what a terminal user gets.
    /// </summary>
    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(EnvResetsSignals.Value ? "env" : "dotnet")
        {
            WorkingDirectory = _cli.Folder, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        if (EnvResetsSignals.Value)
        {
            start.ArgumentList.Add("--default-signal=HUP,INT,TERM");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(typeof(global::Gmm.Cli.Cli).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>Waits until the command has begun writing <paramref name="output"/> (its temporary file exists).</summary>
    private void WaitForTemporary(Process gmm, string output)
    {
        var waited = Stopwatch.StartNew();
        while (Directory.GetFiles(_cli.Folder, $".{output}.*.tmp").Length == 0)
        {
            if (gmm.HasExited) Assert.Fail($"gmm ended (exit {gmm.ExitCode}) before it began writing {output}: {gmm.StandardError.ReadToEnd()}");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), $"no temporary file for {output} after 120 s");
            Thread.Sleep(20);
        }
    }

    /// <summary>Whether this system's env has --default-signal (GNU coreutils 8.31 and later).</summary>
    private static readonly Lazy<bool> EnvResetsSignals = new(() =>
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("env", ["--default-signal=HUP", "true"]) { RedirectStandardError = true })!;
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
