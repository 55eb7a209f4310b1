using System.Runtime.InteropServices;

namespace Gmm.Gpu;

/// <summary>
/// Settings the OpenCL runtimes need before they load. PoCL (whose CPU device ILGPU can use from PoCL 5 on: OpenCL 3.0
/// with the generic address space) by default builds a kernel's work-group function by replicating the code after
/// each barrier, which grows exponentially with barriers inside loops: with PoCL 5.0 on this project's kernels the
/// diagonal log-sum-exp kernel had not finished building after ten minutes. PoCL's continuation-based method (cbs)
/// builds each of them in about a second, so it is requested unless the user has set POCL_WORK_GROUP_METHOD.
/// </summary>
internal static class OpenClEnvironment
{
    /// <summary>PoCL's variable for the work-group function method.</summary>
    public const string WorkGroupMethodVariable = "POCL_WORK_GROUP_METHOD";

    /// <summary>The method requested when the user has not chosen one.</summary>
    public const string WorkGroupMethod = "cbs";

    private static int _prepared;

    /// <summary>Sets what PoCL reads when its platform loads; call before ILGPU enumerates OpenCL devices.</summary>
    public static void Prepare()
    {
        if (Interlocked.Exchange(ref _prepared, 1) != 0) return;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(WorkGroupMethodVariable))) return;
        // .NET keeps its own copy of the environment on Unix; PoCL reads the C library's, so set that one.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SetEnvironment(WorkGroupMethodVariable, WorkGroupMethod, 0);
        Environment.SetEnvironmentVariable(WorkGroupMethodVariable, WorkGroupMethod);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
