using System.Runtime.InteropServices;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// One path for Ctrl+C (SIGINT), SIGTERM and SIGHUP: the token is cancelled, the command unwinds (an
/// <see cref="AtomicFile"/> deletes its temporary file) and the tool exits with 128 + the signal number (130, 143,
/// 129). Work that does not look at the token within <see cref="GracePeriod"/>, or a second signal, is cut short the
/// same way: the uncommitted temporary files are deleted, the same line is written, and the process exits with the same code.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>How long a cancelled command may take to unwind before the process is ended for it.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _error;
    private int _signal; // 0 until the first signal; then its number
    private int _finished;

    private Interruption(TextWriter error)
    {
        _error = error;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
        if (!OperatingSystem.IsWindows()) _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle));
    }

    /// <summary>Starts listening for the signals; <paramref name="error"/> takes the line of a forced exit.</summary>
    public static Interruption Listen(TextWriter error) => new(error);

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>128 + the signal's number (130 before any signal: what an in-process cancellation reports).</summary>
    public int ExitCode => 128 + (_signal == 0 ? 2 : _signal);

    /// <summary>"SIGTERM", ... or null before any signal.</summary>
    public string? SignalName => _signal switch { 0 => null, 1 => "SIGHUP", 2 => "SIGINT", 15 => "SIGTERM", var n => $"signal {n}" };

    /// <summary>Marks the command as returned: a pending forced exit no longer fires.</summary>
    public void Finish() => Interlocked.Exchange(ref _finished, 1);

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // no default termination: unwind instead
        int number = Number(context.Signal);
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            Exit(); // a second signal: stop now
            return;
        }
        _cancellation.Cancel();
        _ = Task.Delay(GracePeriod).ContinueWith(_ => Exit(), TaskScheduler.Default);
    }

    private void Exit()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        AtomicFile.DeleteUncommitted();
        _error.WriteLine($"gmm: error: cancelled ({SignalName}).");
        _error.Flush();
        Environment.Exit(ExitCode);
    }

    /// <summary>The signal's number on Linux and macOS (PosixSignal's values are negative placeholders).</summary>
    private static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => 15,
    };

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
