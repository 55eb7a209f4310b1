// Turns a driver's refusal to build a kernel into an error that names the kernel and the device and carries the
// driver's build log: ILGPU throws "Exception of type 'CLException' was thrown" and writes the OpenCL build log only to
// System.Diagnostics.Trace.
using System.Diagnostics;
using System.Text;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Loads (compiles) a kernel, reporting a failed build with the kernel's name, the device and the build log.</summary>
internal static class KernelBuild
{
    /// <summary>Runs <paramref name="load"/>, which compiles the kernel <paramref name="kernel"/> for <paramref name="accelerator"/>.</summary>
    /// <exception cref="InvalidOperationException">The driver could not build the kernel; the message holds its log.</exception>
    public static TLauncher Load<TLauncher>(Accelerator accelerator, string kernel, Func<TLauncher> load)
    {
        var log = new ThreadLog();
        Trace.Listeners.Add(log);
        try
        {
            return load();
        }
        catch (AcceleratorException e)
        {
            string details = log.Text.Trim();
            throw new InvalidOperationException(
                $"{accelerator.Name} could not build the GPU kernel {kernel} ({e.GetType().Name}: {e.Message})" +
                (details.Length > 0 ? $". The driver said:{Environment.NewLine}{details}" : ". The driver gave no build log.") +
                $"{Environment.NewLine}Use another device or the CPU backend.", e);
        }
        finally
        {
            Trace.Listeners.Remove(log);
            log.Dispose();
        }
    }

    /// <summary>Collects what the current thread writes to Trace (ILGPU's build log), ignoring other threads.</summary>
    private sealed class ThreadLog : TraceListener
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private readonly StringBuilder _text = new();

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        public override void Write(string? message)
        {
            if (Environment.CurrentManagedThreadId != _thread) return;
            lock (_text) _text.Append(message);
        }

        public override void WriteLine(string? message)
        {
            if (Environment.CurrentManagedThreadId != _thread) return;
            lock (_text) _text.AppendLine(message);
        }
    }
}
