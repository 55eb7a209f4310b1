using System.Diagnostics;
using System.Text;

namespace Gmm.Cluster.Tests.Tool;

/// <summary>
/// One gmm-cluster (or gmm) process started by a test (the built tool's dll through the dotnet host), its output
/// collected as it comes. Every wait is bounded; <see cref="Dispose"/> kills the process and its children when still running.
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new(), _errors = new();
    private readonly Lock _gate = new();

    private ToolProcess(Process process, string command)
    {
        _process = process;
        Command = command;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_errors, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The command line, for assertion messages.</summary>
    public string Command { get; }

    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH, set by the SDK), else dotnet on the PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The gmm-cluster tool as built next to the tests.</summary>
    public static string ClusterTool => typeof(Gmm.Cluster.Cli.ClusterCli).Assembly.Location;

    /// <summary>The gmm tool as built next to the tests.</summary>
    public static string GmmTool => Path.Combine(AppContext.BaseDirectory, "Gmm.Cli.dll");

    /// <summary>Starts <c>gmm-cluster <paramref name="arguments"/></c> in <paramref name="folder"/>.</summary>
    public static ToolProcess Start(string folder, params string[] arguments) => StartTool(ClusterTool, "gmm-cluster", folder, arguments);

    /// <summary>Starts the tool <paramref name="dll"/> (shown as <paramref name="name"/>) with <paramref name="arguments"/> in <paramref name="folder"/>.</summary>
    public static ToolProcess StartTool(string dll, string name, string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        return new ToolProcess(process, name + " " + string.Join(' ', arguments));
    }

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public string Errors
    {
        get { lock (_gate) return _errors.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to end; false when it still runs after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    /// <summary>Waits until the standard output holds <paramref name="text"/>; fails the test when the process ends first or the wait runs out.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                if (Output.Contains(text, StringComparison.Ordinal)) return;
                Assert.Fail($"{this}\nended before printing \"{text}\"");
            }
            if (clock.Elapsed > timeout) Assert.Fail($"{this}\nno \"{text}\" within {timeout.TotalSeconds:0} s");
            Thread.Sleep(50);
        }
    }

    public override string ToString() =>
        $"{Command}\n{(_process.HasExited ? $"exit code {_process.ExitCode}" : "still running")}\nstdout:\n{Output}\nstderr:\n{Errors}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // it ended between the check and the kill
        }
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null) return;
        lock (_gate) target.AppendLine(line);
    }
}
