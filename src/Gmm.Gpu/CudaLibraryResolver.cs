using System.Reflection;
using System.Runtime.InteropServices;

namespace Gmm.Gpu;

/// <summary>
/// Lets ILGPU find the CUDA driver where only libcuda.so.1 is installed (containers often mount just the versioned
/// name; ILGPU asks for libcuda.so). Registered once per process on ILGPU's assembly.
/// </summary>
internal static class CudaLibraryResolver
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
        if (!IsCudaDriver(libraryName)) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var handle)) return handle;
        return NativeLibrary.TryLoad("libcuda.so.1", out handle) ? handle : IntPtr.Zero;
    }

    private static bool IsCudaDriver(string name) =>
        name is "cuda" or "nvcuda" or "libcuda" or "libcuda.so" or "nvcuda.dll";
}
