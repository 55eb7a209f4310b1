// Turns a driver's refusal to build or load a kernel into an error that names the kernel, the device and the error
// code and carries the driver's build log: ILGPU throws "Exception of type 'CLException' was thrown" (the code only in
// CLException.Error) and writes the OpenCL build log only to System.Diagnostics.Trace.
using System.Diagnostics;
using System.Text;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace Gmm.Gpu.Kernels;

/// <summary>Loads (compiles) a kernel, reporting a failure with the kernel's name, the device, the code and the build log.</summary>
internal static class KernelBuild
{
    private static readonly Lock Gate = new();
    private static ThreadLog? _listener;

    /// <summary>Runs <paramref name="load"/>, which compiles and loads the kernel <paramref name="kernel"/> for <paramref name="accelerator"/>.</summary>
    /// <exception cref="InvalidOperationException">The driver could not build or load the kernel; the message holds its log.</exception>
    public static TLauncher Load<TLauncher>(Accelerator accelerator, string kernel, Func<TLauncher> load)
    {
        EnsureListener();
        var outer = ThreadLog.Capture; // a load inside a load (not done today) keeps the outer log
        var log = new StringBuilder();
        ThreadLog.Capture = log;
        try
        {
            return load();
        }
        catch (AcceleratorException e)
        {
            string code = e is CLException cl ? $"OpenCL error {cl.Error}" : $"{e.GetType().Name}: {e.Message}";
            string details = log.ToString().Trim();
            throw new InvalidOperationException(
                $"{accelerator.Name} could not build or load the GPU kernel {kernel} ({code})" +
                (details.Length > 0 ? $". The driver said:{Environment.NewLine}{details}" : ". The driver gave no build log.") +
                $"{Environment.NewLine}Use another device or the CPU backend.", e);
        }
        finally
        {
            ThreadLog.Capture = outer;
        }
    }

    /// <summary>One listener for the process, added once: adding and removing listeners per load would churn a global list.</summary>
    private static void EnsureListener()
    {
        if (Volatile.Read(ref _listener) is not null) return;
        lock (Gate)
        {
            if (_listener is not null) return;
            var listener = new ThreadLog();
            Trace.Listeners.Add(listener);
            Volatile.Write(ref _listener, listener);
        }
    }

    /// <summary>Appends what a thread writes to Trace while that thread is inside <see cref="Load"/>; ignores the rest.</summary>
    private sealed class ThreadLog : TraceListener
    {
        [ThreadStatic]
        private static StringBuilder? _capture;

        public static StringBuilder? Capture
        {
            get => _capture;
            set => _capture = value;
        }

        public override void Write(string? message) => _capture?.Append(message);

        public override void WriteLine(string? message) => _capture?.AppendLine(message);
    }
}
