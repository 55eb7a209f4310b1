namespace Gmm.Cluster.Tests;

/// <summary>
/// Faults the tests inject into a node's E-step: on the armed node, the given call of Accumulate (of any compute type,
/// or of the float64 backend only) blocks (a hung worker) and tells the test, which may then kill the node's silo;
/// <see cref="Release"/> unblocks it.
/// </summary>
internal static class Faults
{
    private static readonly Lock Gate = new();
    private static string? _node;
    private static int _callsLeft;
    private static bool _float64Only;
    private static TaskCompletionSource _triggered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static ManualResetEventSlim _release = new(true);

    /// <summary>
    /// The node whose <paramref name="call"/>-th Accumulate (1-based; counting only its float64 backend's when
    /// <paramref name="float64Only"/>) blocks until <see cref="Release"/>.
    /// </summary>
    public static Task Arm(string node, int call, bool float64Only = false)
    {
        lock (Gate)
        {
            _node = node;
            _callsLeft = call;
            _float64Only = float64Only;
            _triggered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new ManualResetEventSlim(false);
            return _triggered.Task;
        }
    }

    public static void Release()
    {
        lock (Gate)
        {
            _node = null;
            _release.Set();
        }
    }

    /// <summary>Called by a node's backend before each shard's E-step (<paramref name="inFloat64"/>: its float64 backend's).</summary>
    public static void OnAccumulate(string node, bool inFloat64)
    {
        ManualResetEventSlim wait;
        lock (Gate)
        {
            if (_node != node || (_float64Only && !inFloat64) || --_callsLeft != 0) return;
            wait = _release;
            _triggered.TrySetResult();
        }
        wait.Wait();
    }
}
