using System.Collections.Concurrent;
using ILGPU.Runtime;

namespace Gmm.Gpu.Multi;

/// <summary>
/// The host thread of one device of a <see cref="MultiGpuBackendProvider"/>: every piece of work for the device (creating
/// its backend, each pass, freeing its buffers) runs here, in the order given, with the device's context bound to the
/// thread, so that the devices of a fit work at once and a device's driver state is only ever touched by its own thread.
/// </summary>
internal sealed class DeviceWorker : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;
    private readonly Accelerator _accelerator;

    /// <param name="name">The device's name ("cuda:1"), for the thread's name.</param>
    /// <param name="accelerator">The device, bound to the thread before each piece of work.</param>
    public DeviceWorker(string name, Accelerator accelerator)
    {
        _accelerator = accelerator;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"gmm device {name}" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="work"/> on the device's thread; the task ends with its result or its exception.</summary>
    public Task<TResult> Run<TResult>(Func<TResult> work)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try
            {
                _accelerator.Bind();
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>True once <see cref="Dispose"/> ran: the thread has ended and takes no more work.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the device's thread and waits for it; its exception is rethrown as it is.</summary>
    public void Invoke(Action work) => Run(() => { work(); return true; }).GetAwaiter().GetResult();

    private void Loop()
    {
        foreach (var work in _queue.GetConsumingEnumerable()) work();
    }

    /// <summary>Lets the queued work finish, then ends the thread.</summary>
    public void Dispose()
    {
        if (IsClosed) return;
        IsClosed = true;
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }
}
