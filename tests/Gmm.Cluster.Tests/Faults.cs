namespace Gmm.Cluster.Tests;

/// <summary>
/// Faults the tests inject into a node's E-step: on the armed node, the given call of Accumulate blocks (a hung worker)
/// and tells the test, which may then kill the node's silo; <see cref="Release"/> unblocks it.
/// </summary>
internal static class Faults
{
    private static readonly Lock Gate = new();
    private static string? _node;
    private static int _callsLeft;
    private static TaskCompletionSource _triggered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static ManualResetEventSlim _release = new(true);

    /// <summary>The node whose <paramref name="call"/>-th Accumulate (1-based) blocks until <see cref="Release"/>.</summary>
    public static Task Arm(string node, int call)
    {
        lock (Gate)
        {
            _node = node;
            _callsLeft = call;
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

    /// <summary>Called by a node's backend before each shard's E-step.</summary>
    public static void OnAccumulate(string node)
    {
        ManualResetEventSlim wait;
        lock (Gate)
        {
            if (_node != node || --_callsLeft != 0) return;
            wait = _release;
            _triggered.TrySetResult();
        }
        wait.Wait();
    }
}
