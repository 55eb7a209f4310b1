using System.Runtime.InteropServices;

namespace Gmm.Cli.Infrastructure.Files;

/// <summary>
/// Device, inode and file type of a path on Linux, through statx(2), whose result layout is the same on every
/// architecture (unlike struct stat). Other systems, or a C library without statx, report nothing.
/// </summary>
internal static partial class UnixFileStatus
{
    private const int AtCurrentDirectory = -100;
    private const uint WantTypeAndInode = 0x001 | 0x100; // STATX_TYPE | STATX_INO
    private const int StatxSize = 256;

    /// <summary>What statx says about the file a path names (symbolic links followed), or null when it cannot say.</summary>
    public static (ulong Device, ulong Inode, int Type)? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || !_available) return null;
        Span<byte> buffer = stackalloc byte[StatxSize];
        try
        {
            unsafe
            {
                fixed (byte* b = buffer)
                    if (Statx(AtCurrentDirectory, path, 0, WantTypeAndInode, b) != 0) return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _available = false;
            return null;
        }
        uint mask = MemoryMarshal.Read<uint>(buffer); // native byte order: it is the kernel's struct
        if ((mask & WantTypeAndInode) != WantTypeAndInode) return null;
        ushort mode = MemoryMarshal.Read<ushort>(buffer[28..]);
        ulong inode = MemoryMarshal.Read<ulong>(buffer[32..]);
        ulong device = ((ulong)MemoryMarshal.Read<uint>(buffer[136..]) << 32) | MemoryMarshal.Read<uint>(buffer[140..]);
        return (device, inode, mode & TypeMask);
    }

    /// <summary>S_IFMT and the types the tool cares about.</summary>
    public const int TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000;

    private static bool _available = true;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* result);
}
