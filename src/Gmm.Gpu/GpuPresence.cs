using System.Runtime.InteropServices;

namespace Gmm.Gpu;

/// <summary>
/// Whether a GPU can be present at all, from what is cheap to look at, so that <see cref="AcceleratorPreference.Auto"/>
/// on a machine without one skips creating an ILGPU context (loading ILGPU, building its IR and backends, querying the
/// drivers: a large part of a short command's start-up). ILGPU finds CUDA devices only through the CUDA driver
/// library (libcuda.so, or libcuda.so.1 through <see cref="DriverLibraryResolver"/>) and OpenCL devices only through the
/// OpenCL ICD loader's platforms. So on Linux, when neither driver library loads, or the OpenCL loader loads but lists
/// no platform (no ICD registered, as with Debian's ocl-icd-libopencl1 alone), ILGPU would find no device, and the
/// answer is known without it. Wherever a driver or a platform exists, or on another OS, the full probe runs as before,
/// so what is chosen when a GPU exists does not change.
/// </summary>
internal static class GpuPresence
{
    /// <summary>OpenCL's CL_SUCCESS.</summary>
    private const int ClSuccess = 0;

    /// <summary>cl_khr_icd's CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found no platform.</summary>
    private const int ClPlatformNotFound = -1001;

    /// <summary>The driver library names ILGPU's imports resolve to on Linux, unversioned first (as the resolver tries them).</summary>
    private static readonly string[] CudaLibraries = ["libcuda.so", "libcuda.so.1"];

    private static readonly string[] OpenClLibraries = ["libOpenCL.so", "libOpenCL.so.1"];

    /// <summary>
    /// True when no device can be found: Linux, no CUDA driver library, and no OpenCL platform. False when a GPU may
    /// exist (then the caller runs the full probe). Sets the OpenCL environment first (<see cref="OpenClEnvironment"/>),
    /// because asking the loader for its platforms initialises them.
    /// </summary>
    public static bool NoneCanExist()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (CanLoadAny(CudaLibraries)) return false; // the platforms are not asked for: the full probe will
        OpenClEnvironment.Prepare();
        return NoneCanExist(isLinux: true, cudaDriver: false, OpenClPlatformCount());
    }

    /// <summary>
    /// The decision: no device can exist only on Linux with no CUDA driver library and an OpenCL platform count known
    /// to be 0 (no loader, or a loader that lists none); <paramref name="openClPlatforms"/> null = unknown (the query
    /// failed), which leaves it to the full probe.
    /// </summary>
    internal static bool NoneCanExist(bool isLinux, bool cudaDriver, int? openClPlatforms) =>
        isLinux && !cudaDriver && openClPlatforms == 0;

    /// <summary>
    /// How many OpenCL platforms the ICD loader lists: 0 without a loader (no library), null when the query itself fails
    /// with another error than "no platform". The loader stays loaded (ILGPU loads the same library when it probes).
    /// </summary>
    internal static unsafe int? OpenClPlatformCount()
    {
        IntPtr library = IntPtr.Zero;
        foreach (string name in OpenClLibraries)
            if (NativeLibrary.TryLoad(name, out library)) break;
        if (library == IntPtr.Zero) return 0;
        if (!NativeLibrary.TryGetExport(library, "clGetPlatformIDs", out IntPtr export)) return null;
        var getPlatformIds = (delegate* unmanaged<uint, IntPtr, uint*, int>)export;
        uint count = 0;
        int status = getPlatformIds(0, IntPtr.Zero, &count);
        return PlatformCount(status, count);
    }

    /// <summary>clGetPlatformIDs' answer as a platform count: success gives the count, "no platform" 0, any other error null (unknown).</summary>
    internal static int? PlatformCount(int status, uint count) => status switch
    {
        ClSuccess => (int)Math.Min(count, int.MaxValue),
        ClPlatformNotFound => 0,
        _ => null,
    };

    private static bool CanLoadAny(string[] names)
    {
        foreach (string name in names)
        {
            if (!NativeLibrary.TryLoad(name, out IntPtr handle)) continue;
            NativeLibrary.Free(handle); // ILGPU loads it itself in the full probe
            return true;
        }
        return false;
    }
}
