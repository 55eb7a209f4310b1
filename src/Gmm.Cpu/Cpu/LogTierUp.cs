using System.Runtime.Intrinsics;

namespace Gmm.Cpu;

/// <summary>
/// Keeps the runtime's float64 vector logarithm (<see cref="Vector512.Log(Vector512{double})"/>, or the 256- or 128-bit
/// one of the register width) called about once a millisecond on a background thread, so that tiered compilation
/// replaces its tier-0 code by optimised code before a float64 phase needs it. The float64 kernels call it (their float32
/// logarithm is the library's own, inlined); its body is too large to inline into the <c>[AggressiveOptimization]</c>
/// kernels and is not precompiled for AVX-512, so it starts at tier 0, and the kernel warm-up's few calls do not reach
/// the call count before the runtime's call-counting delay ends (docs/benchmarks.md, "The float64 logarithm's tier 0").
/// The runtime's knobs for that delay and count are read from the environment only, not from runtimeconfig.json.
/// The calls stop at <see cref="Dispose"/> (which waits for the thread's end) or after <see cref="MaximumCalls"/>; they
/// compute nothing that any result uses.
/// </summary>
internal sealed class LogTierUp : IDisposable
{
    /// <summary>Most calls made (about a second and a half of calls once a millisecond); past it the thread ends by itself.</summary>
    internal const int MaximumCalls = 1500;

    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private int _calls;
    private int _disposed;

    /// <summary>The last result, kept so that the calls are not removed as unused.</summary>
    private static double s_sink;

    private LogTierUp(int registerBits)
    {
        _thread = new Thread(() => CallUntilStopped(registerBits))
        {
            IsBackground = true,
            Name = "gmm float64 logarithm tier-up",
        };
    }

    /// <summary>Starts the calls of the logarithm of <paramref name="registerBits"/>-bit registers (512, 256 or 128).</summary>
    public static LogTierUp Start(int registerBits)
    {
        var tierUp = new LogTierUp(registerBits);
        tierUp._thread.Start();
        return tierUp;
    }

    /// <summary>Calls made so far.</summary>
    internal int Calls => Volatile.Read(ref _calls);

    /// <summary>Whether the background thread is still running.</summary>
    internal bool IsRunning => _thread.IsAlive;

    /// <summary>Stops the calls and waits for the thread to end (at most one call and one wake-up); a second call does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    /// <summary>The thread: one call, then a wait of a millisecond for the stop signal, until stopped or at the maximum.</summary>
    private void CallUntilStopped(int registerBits)
    {
        // One width's logarithm only: the others are not compiled.
        Func<double, double> log = registerBits switch
        {
            512 => static x => Vector512.Log(Vector512.Create(x)).ToScalar(),
            256 => static x => Vector256.Log(Vector256.Create(x)).ToScalar(),
            _ => static x => Vector128.Log(Vector128.Create(x)).ToScalar(),
        };
        double sum = 0;
        while (_calls < MaximumCalls)
        {
            sum += log(1.5);
            Interlocked.Increment(ref _calls);
            if (_stop.Wait(1)) break;
        }
        s_sink = sum;
    }
}
