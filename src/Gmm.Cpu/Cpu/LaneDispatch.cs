namespace Gmm.Cpu;

/// <summary>
/// Runs lanes 0 … <see cref="LaneCount"/> − 1 of one piece of work at a time, in parallel: the calling thread and
/// <see cref="LaneCount"/> − 1 worker threads of its own claim lane numbers from a shared counter until none is left,
/// and <see cref="Run"/> returns once every lane has finished. Which thread runs a lane does not matter to the
/// result (a lane's work and its output are fixed by its number); when a worker is late (a loaded machine), the caller
/// runs its lanes itself. This replaces Parallel.For for the EM backend's per-chunk lanes: far less code for the tiered
/// JIT to recompile in every process, and no thread-pool threads left spinning after each call.
/// Workers are background threads (they never keep a process alive), started on the first <see cref="Run"/>; after the
/// work they spin a short while (the next chunk or E-step usually follows within a millisecond), then block; after an
/// idle time without work (<see cref="DefaultIdleExit"/>) they exit and the next <see cref="Run"/> starts them again, so
/// a dispatcher nobody disposes holds no thread for long. <see cref="Dispose"/> stops them at once. One caller at a time.
/// </summary>
internal sealed class LaneDispatch : IDisposable
{
    /// <summary>Spin iterations (SpinWait.SpinOnce without sleeping) a worker waits for new work before blocking.</summary>
    internal const int SpinIterations = 40;

    /// <summary>How long a blocked worker waits for work before it exits, unless the constructor is given another.</summary>
    internal static readonly TimeSpan DefaultIdleExit = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly TimeSpan _idleExit;
    private readonly ManualResetEventSlim _done = new(false);
    private readonly Thread?[] _workers;
    private Action<int>? _body;
    private int _next, _remaining;
    private long _generation;
    private int _workersStarted;
    private List<Exception>? _errors;
    private bool _disposed;

    /// <summary>Creates a dispatcher for <paramref name="laneCount"/> lanes (≥ 1); no thread starts before the first <see cref="Run"/>.</summary>
    /// <param name="laneCount">Lanes per <see cref="Run"/> (≥ 1); lanes − 1 worker threads.</param>
    /// <param name="idleExit">How long an idle worker blocks before it exits (&gt; 0); null = <see cref="DefaultIdleExit"/>.</param>
    public LaneDispatch(int laneCount, TimeSpan? idleExit = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(laneCount, 1);
        if (idleExit is { } exit) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(exit, TimeSpan.Zero, nameof(idleExit));
        LaneCount = laneCount;
        _idleExit = idleExit ?? DefaultIdleExit;
        _workers = new Thread?[laneCount - 1];
        _next = laneCount;
    }

    /// <summary>Lanes per <see cref="Run"/>.</summary>
    public int LaneCount { get; }

    /// <summary>Worker threads alive now (for tests).</summary>
    internal int LiveWorkers
    {
        get
        {
            lock (_gate) return _workers.Count(w => w is not null);
        }
    }

    /// <summary>
    /// Worker threads started over this dispatcher's life (for tests): unlike <see cref="LiveWorkers"/>, it does not
    /// fall when an idle worker exits, so it says whether a call started the workers however long ago that was.
    /// </summary>
    internal int WorkersStarted
    {
        get
        {
            lock (_gate) return _workersStarted;
        }
    }

    /// <summary>
    /// Calls <paramref name="body"/>(l) once for each lane l in 0 … <see cref="LaneCount"/> − 1, in parallel, and returns
    /// when all have returned. Exceptions thrown by lanes are collected (the other lanes still run) and thrown as one
    /// <see cref="AggregateException"/>, as Parallel.For does.
    /// </summary>
    public void Run(Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (LaneCount == 1)
        {
            RunOne(body);
            return;
        }
        _body = body;
        _errors = null;
        _done.Reset();
        Volatile.Write(ref _remaining, LaneCount);
        lock (_gate)
        {
            Interlocked.Exchange(ref _next, 0); // lanes may be claimed from here on
            _generation++;
            StartMissingWorkers();
            Monitor.PulseAll(_gate);
        }
        RunLanes();
        // The last lane's thread decrements _remaining and then sets _done; that Set can arrive after the caller has
        // seen 0 and returned, i.e. after the next call's Reset: the count, not the event, decides, and a stale Set
        // only costs one more turn of this loop.
        while (Volatile.Read(ref _remaining) != 0)
        {
            _done.Wait();
            if (Volatile.Read(ref _remaining) != 0) _done.Reset();
        }
        _body = null;
        if (_errors is { } errors) throw new AggregateException(errors);
    }

    /// <summary>Stops the workers (they finish the lane they run, if any); later <see cref="Run"/> calls throw.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _generation++;
            Monitor.PulseAll(_gate);
        }
    }

    private static void RunOne(Action<int> body)
    {
        try
        {
            body(0);
        }
        catch (Exception e)
        {
            throw new AggregateException(e);
        }
    }

    /// <summary>Claims and runs lanes until none is left; the thread that finishes the last lane signals the caller.</summary>
    private void RunLanes()
    {
        int lane;
        while ((lane = Interlocked.Increment(ref _next) - 1) < LaneCount)
        {
            try
            {
                _body!(lane);
            }
            catch (Exception e)
            {
                lock (_gate) (_errors ??= []).Add(e);
            }
            if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
        }
    }

    /// <summary>
    /// Starts a thread for each worker slot that has none (never started, or exited when idle). Under _gate. A thread that
    /// cannot be started leaves its slot empty; lanes are claimed, not assigned, so the running threads do its share.
    /// </summary>
    private void StartMissingWorkers()
    {
        for (int w = 0; w < _workers.Length; w++)
        {
            if (_workers[w] is not null) continue;
            int slot = w;
            long seen = _generation - 1; // the new thread joins the work of this Run
            var thread = new Thread(() => Work(slot, seen)) { IsBackground = true, Name = "gmm CPU lane" };
            try
            {
                // UnsafeStart: the worker outlives this call, so it must not keep the first caller's ExecutionContext
                // (AsyncLocals, Activity) for its whole life.
                thread.UnsafeStart();
            }
            catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
            {
                continue; // no worker in this slot: the caller and the other workers claim its lanes; the next Run tries again
            }
            _workers[w] = thread;
            _workersStarted++;
        }
    }

    /// <summary>A worker: waits for a generation it has not seen (spinning first, then blocking), runs lanes, repeats.</summary>
    private void Work(int slot, long seen)
    {
        while (true)
        {
            var spin = new SpinWait();
            for (int i = 0; i < SpinIterations && Volatile.Read(ref _generation) == seen; i++) spin.SpinOnce(sleep1Threshold: -1);
            lock (_gate)
            {
                while (_generation == seen && !_disposed)
                {
                    if (!Monitor.Wait(_gate, _idleExit) && _generation == seen)
                    {
                        _workers[slot] = null; // idle: exit; the next Run starts a new thread in this slot
                        return;
                    }
                }
                if (_disposed)
                {
                    _workers[slot] = null;
                    return;
                }
                seen = _generation;
            }
            RunLanes();
        }
    }
}
