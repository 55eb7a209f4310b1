using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// Large working arrays (the float32 copy of the data, the initialisation sample and k-means' panels) whose memory Linux
/// is asked to back with transparent huge pages (madvise MADV_HUGEPAGE) before anything writes to it: a fresh array's
/// first touch then takes one page fault per 2 MiB instead of one per 4 KiB, which is most of what filling such an
/// array costs on a machine whose page faults are expensive (virtual machines). Where the system does not offer huge
/// pages on request (THP "never"), on other systems, or when the memory was used before, the advice changes nothing;
/// it never changes the values.
/// </summary>
internal static class LargeArrays
{
    /// <summary>Arrays of at least this many bytes are advised (smaller ones gain too little for the system call).</summary>
    internal const long AdviseBytes = 4L << 20;

    /// <summary>The huge-page size the advice is aligned to (x86-64 and arm64 with 4 KiB base pages).</summary>
    internal const long HugePageBytes = 2L << 20;

    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in Linux's mman-common.h

    /// <summary>Whether the advice is still tried (false after the system refused the call or libc lacks it).</summary>
    private static volatile bool s_enabled = OperatingSystem.IsLinux();

    /// <summary>A new array of <paramref name="length"/> elements whose contents are undefined (the caller writes every element before reading it).</summary>
    public static T[] Uninitialized<T>(int length) where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length);
        Advise(array);
        return array;
    }

    /// <summary>A new zeroed array of <paramref name="length"/> elements.</summary>
    public static T[] Zeroed<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>
    /// The part of [<paramref name="address"/>, address + <paramref name="bytes"/>) made of whole huge pages
    /// (<see cref="HugePageBytes"/>-aligned), as (start, length); length 0 when it holds none. Only whole huge pages
    /// are advised: a huge page reaching outside the array could hold other objects, whose pages were touched already.
    /// </summary>
    internal static (nint Start, nuint Length) WholeHugePages(nint address, long bytes)
    {
        long first = ((long)address + HugePageBytes - 1) & ~(HugePageBytes - 1);
        long end = ((long)address + bytes) & ~(HugePageBytes - 1);
        return end > first ? ((nint)first, (nuint)(end - first)) : (address, 0);
    }

    private static void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (!s_enabled || bytes < AdviseBytes) return;
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            var (start, length) = WholeHugePages(handle.AddrOfPinnedObject(), bytes);
            if (length > 0 && Madvise(start, length, MadviseHugePage) != 0) s_enabled = false; // EINVAL: no THP in this kernel
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_enabled = false;
        }
        finally
        {
            handle.Free();
        }
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
