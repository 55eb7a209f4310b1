using System.Diagnostics;

namespace Gmm.Tests.Support;

/// <summary>A finished child process: its exit code and what it wrote (stdout and stderr).</summary>
public sealed record ProcessRun(string Command, int ExitCode, string Output, string Errors)
{
    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH, set by the SDK), else dotnet on the PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and waits
    /// at most <paramref name="timeout"/>; a process still running then is killed (with its children) and reported.
    /// </summary>
    public static ProcessRun Start(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        string command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessRun(command, -1, output.Result, $"killed after {timeout.TotalSeconds:0} s\n{errors.Result}");
        }
        return new ProcessRun(command, process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>The command, its exit code and its output, for an assertion message.</summary>
    public override string ToString() => $"{Command}\nexit code {ExitCode}\n{Output}\n{Errors}";
}
