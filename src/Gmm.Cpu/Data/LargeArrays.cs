using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// Large working arrays (the float32 copy of the data, the initialisation sample and k-means' panels and rows) whose
/// fresh memory Linux is asked to back with transparent huge pages (madvise MADV_HUGEPAGE on the whole 2 MiB pages
/// inside the array) and then to map in one call (MADV_POPULATE_WRITE over the array's 4 KiB pages): a fresh array's
/// first touch otherwise takes one page fault per 4 KiB, which is most of what filling such an array costs on a
/// machine whose page faults are expensive (virtual machines). Where the system does not offer huge pages on request
/// (THP "never"), on kernels before 5.14 (no populate), on other systems, or when the memory was used before, the
/// advice changes nothing; it never changes the values (populating maps zero pages where nothing was mapped, which is
/// what reading them gave).
/// </summary>
internal static class LargeArrays
{
    /// <summary>Arrays of at least this many bytes are advised (smaller ones gain too little for the system call).</summary>
    internal const long AdviseBytes = 4L << 20;

    /// <summary>The huge-page size the advice is aligned to (x86-64 and arm64 with 4 KiB base pages).</summary>
    internal const long HugePageBytes = 2L << 20;

    /// <summary>The base page size the advice is built for; on other page sizes (arm64 with 16 or 64 KiB pages) nothing is advised.</summary>
    private const long PageBytes = 4L << 10;

    private const int InvalidArgument = 22; // EINVAL: the kernel lacks the advice (no THP, or before 5.14)

    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in Linux's mman-common.h
    private const int MadvisePopulateWrite = 23; // MADV_POPULATE_WRITE (Linux 5.14)

    /// <summary>Whether each advice is still tried (false after the system refused it or libc lacks madvise).</summary>
    private static volatile bool s_hugePages = OperatingSystem.IsLinux() && Environment.SystemPageSize == PageBytes,
        s_populate = OperatingSystem.IsLinux() && Environment.SystemPageSize == PageBytes;

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

    /// <summary>
    /// The array's own 4 KiB pages, [address rounded down, address + bytes rounded up): every byte of them belongs to
    /// memory the runtime has committed (the array's, its header's or a neighbouring object's), so populating them is safe.
    /// </summary>
    internal static (nint Start, nuint Length) OwnPages(nint address, long bytes)
    {
        long first = (long)address & ~(PageBytes - 1);
        long end = ((long)address + bytes + PageBytes - 1) & ~(PageBytes - 1);
        return ((nint)first, (nuint)(end - first));
    }

    private static void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (!(s_hugePages || s_populate) || bytes < AdviseBytes) return;
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            Advise(handle.AddrOfPinnedObject(), bytes);
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// Advises the memory [<paramref name="address"/>, address + <paramref name="bytes"/>): MADV_HUGEPAGE on its whole
    /// huge pages, then MADV_POPULATE_WRITE on its own 4 KiB pages (<see cref="WholeHugePages"/>, <see cref="OwnPages"/>).
    /// The memory must stay committed, and in place, during the call.
    /// </summary>
    internal static void Advise(nint address, long bytes)
    {
        if (!(s_hugePages || s_populate)) return;
        try
        {
            var (start, length) = WholeHugePages(address, bytes);
            // Only EINVAL (the kernel lacks the advice) switches an advice off for the process; a transient refusal
            // (ENOMEM, EAGAIN under memory pressure) skips it for this memory alone.
            if (s_hugePages && length > 0 && Madvise(start, length, MadviseHugePage) != 0 && Refused()) s_hugePages = false;
            (start, length) = OwnPages(address, bytes);
            if (s_populate && Madvise(start, length, MadvisePopulateWrite) != 0 && Refused()) s_populate = false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_hugePages = s_populate = false;
        }
    }

    private static bool Refused() => Marshal.GetLastPInvokeError() == InvalidArgument;

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
