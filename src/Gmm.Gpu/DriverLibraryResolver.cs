using System.Reflection;
using System.Runtime.InteropServices;

namespace Gmm.Gpu;

/// <summary>
/// Lets ILGPU find the GPU drivers where only their versioned names are installed: containers often mount just
/// libcuda.so.1, and a plain OpenCL runtime (Debian's ocl-icd-libopencl1) installs libOpenCL.so.1, while ILGPU asks for
/// libcuda.so and libOpenCL.so (the unversioned names come with development packages). Registered once per process on
/// ILGPU's assembly; the unversioned name is still tried first.
/// </summary>
internal static class DriverLibraryResolver
{
    private static int _registered;

    /// <summary>True when our resolver is in place (false if ILGPU or the host registered its own first).</summary>
    public static bool Registered { get; private set; }

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) != 0) return;
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, Resolve);
            Registered = true;
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for ILGPU's assembly (ILGPU sets one itself under WSL); keep it.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string? versioned = VersionedName(libraryName);
        if (versioned is null) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var handle)) return handle;
        return NativeLibrary.TryLoad(versioned, out handle) ? handle : IntPtr.Zero;
    }

    /// <summary>The versioned Linux name of a driver library ILGPU imports, or null for any other library.</summary>
    internal static string? VersionedName(string name) => name switch
    {
        "cuda" or "libcuda" or "libcuda.so" => "libcuda.so.1",
        "OpenCL" or "libOpenCL" or "libOpenCL.so" => "libOpenCL.so.1",
        _ => null,
    };
}
