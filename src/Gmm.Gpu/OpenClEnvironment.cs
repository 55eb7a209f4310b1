using System.Runtime.InteropServices;

namespace Gmm.Gpu;

/// <summary>
/// Settings the OpenCL runtimes read. PoCL (whose CPU device ILGPU can use from PoCL 5 on: OpenCL 3.0 with the generic
/// address space) by default builds a kernel's work-group function by replicating the code after each barrier, which
/// grows exponentially with barriers inside loops: with PoCL 5.0 on this project's kernels the diagonal log-sum-exp
/// kernel had not finished building after ten minutes. PoCL's continuation-based method (cbs) builds each of them in
/// about a second, so POCL_WORK_GROUP_METHOD=cbs is set unless the user has set the variable. PoCL reads it when it
/// initialises LLVM and builds kernels, so it is set before OpenCL devices are enumerated. Like any environment
/// variable it is inherited by child processes; only PoCL reads it. Linux and macOS: set in the C library's
/// environment, which is the one PoCL reads (.NET keeps its own copy on Unix); elsewhere only .NET's copy is set.
/// </summary>
internal static class OpenClEnvironment
{
    /// <summary>PoCL's variable for the work-group function method.</summary>
    public const string WorkGroupMethodVariable = "POCL_WORK_GROUP_METHOD";

    /// <summary>The method requested when the user has not chosen one.</summary>
    public const string WorkGroupMethod = "cbs";

    private static readonly Lock Gate = new();
    private static bool _prepared;

    /// <summary>
    /// Sets what PoCL reads; call before ILGPU enumerates OpenCL devices. Thread-safe: concurrent callers return only
    /// once it is set. Best effort: if the C library cannot be called, PoCL keeps its default.
    /// </summary>
    public static void Prepare()
    {
        lock (Gate)
        {
            if (_prepared) return;
            _prepared = true;
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(WorkGroupMethodVariable))) return;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                try
                {
                    _ = SetEnvironment(WorkGroupMethodVariable, WorkGroupMethod, 1); // unset or empty in .NET's copy, which mirrors C's
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    return;
                }
            }
            Environment.SetEnvironmentVariable(WorkGroupMethodVariable, WorkGroupMethod);
        }
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
