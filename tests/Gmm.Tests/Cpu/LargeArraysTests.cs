using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Gmm;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// <see cref="LargeArrays"/>: the ranges it advises (whole huge pages inside the array; the array's own 4 KiB pages),
/// arrays with their values, and on Linux that the advice reached the kernel: the huge-page part of an advised array
/// lies in a mapping marked for huge pages, and fresh memory (a new anonymous mapping, not resident before) has every page
/// resident after the advice, before anything wrote to it.
/// </summary>
public class LargeArraysTests
{
    private const long Huge = LargeArrays.HugePageBytes;

    [Theory]
    [InlineData(0x7f00_0000_0000L, 8L << 20, 0x7f00_0000_0000L, 8L << 20)] // aligned both ends
    [InlineData(0x7f00_0000_0010L, 8L << 20, 0x7f00_0020_0000L, 6L << 20)] // header offset: the first and last huge pages are partial
    [InlineData(0x7f00_001f_f000L, (2L << 20) + 0x2000, 0x7f00_0020_0000L, 2L << 20)]
    [InlineData(0x7f00_0010_0000L, 2L << 20, 0x7f00_0010_0000L, 0L)] // straddles a boundary: no whole huge page
    [InlineData(0x7f00_0000_0008L, 100L, 0x7f00_0000_0008L, 0L)]
    public void WholeHugePagesLieInsideTheArray(long address, long bytes, long expectedStart, long expectedLength)
    {
        var (start, length) = LargeArrays.WholeHugePages((nint)address, bytes);
        Assert.Equal((ulong)expectedLength, (ulong)length);
        if (length == 0) return;
        Assert.Equal(expectedStart, (long)start);
        Assert.Equal(0, (long)start % Huge);
        Assert.Equal(0, (long)length % Huge);
        Assert.True((long)start >= address && (long)start + (long)length <= address + bytes);
    }

    [Theory]
    [InlineData(0x7f00_0000_0000L, 8L << 20)]
    [InlineData(0x7f00_0000_0010L, 4096L)]
    [InlineData(0x7f00_0000_0ff8L, 16L)]
    [InlineData(0x7f00_0000_1010L, (4L << 20) + 3)]
    public void OwnPagesCoverTheArrayAndNoMore(long address, long bytes)
    {
        var (start, length) = LargeArrays.OwnPages((nint)address, bytes);
        long end = (long)start + (long)length;
        Assert.Equal(0, (long)start % 4096);
        Assert.Equal(0, end % 4096);
        Assert.True((long)start <= address && end >= address + bytes);
        Assert.True(address - (long)start < 4096 && end - (address + bytes) < 4096);
    }

    [Fact]
    public void ZeroedIsZeroAndBothKindsHoldWhatIsWritten()
    {
        int length = (int)(LargeArrays.AdviseBytes / sizeof(float)) + 12_345;
        var zeroed = LargeArrays.Zeroed<float>(length);
        Assert.Equal(length, zeroed.Length);
        Assert.True(Array.TrueForAll(zeroed, v => v == 0));
        var values = LargeArrays.Uninitialized<double>(length);
        Assert.Equal(length, values.Length);
        for (int i = 0; i < length; i++) values[i] = i * 0.5;
        for (int i = 0; i < length; i++) Assert.Equal(i * 0.5, values[i]);
        Assert.Empty(LargeArrays.Zeroed<int>(0));
    }

    [SkippableFact]
    public void OnLinuxAnArraysHugePagePartIsAdvisedAndItsPagesResident()
    {
        SkipUnlessTheAdviceExists();
        var array = LargeArrays.Zeroed<byte>(24 << 20);
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            nint address = handle.AddrOfPinnedObject();
            var (start, length) = LargeArrays.WholeHugePages(address, array.Length);
            Assert.True(length >= (nuint)(20 << 20));
            var flags = Mappings().First(m => m.Start <= (long)start && (long)start < m.End).Flags;
            Assert.Contains("hg", flags); // MADV_HUGEPAGE reached the array's mapping
            var (first, bytes) = LargeArrays.OwnPages(address, array.Length);
            Assert.All(Residency(first, bytes), page => Assert.Equal(1, page & 1));
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// On memory nothing has touched (a fresh anonymous mapping, so that no earlier use can have made it resident): no page
    /// is resident before the advice, and after it the huge-page part is marked for huge pages and every page is resident
    /// although nothing has written to it yet — MADV_POPULATE_WRITE mapped it.
    /// </summary>
    [SkippableFact]
    public void OnLinuxFreshMemoryIsResidentAfterTheAdviceAndBeforeAnyWrite()
    {
        SkipUnlessTheAdviceExists();
        const long bytes = (8L << 20) + 3 * 4096;
        // The mapping lies between two inaccessible pages of its own, so that the kernel cannot merge it with a neighbouring
        // mapping of the process: a huge page faulted in, or collapsed by khugepaged, for a neighbour's 2 MiB block could
        // then cover its first pages and make them resident before the advice, whatever this test did.
        nint reserved = MapMemory(0, (nuint)(bytes + 2 * 4096), ProtectNone, MapPrivateAnonymous, -1, 0);
        Assert.NotEqual((nint)(-1), reserved);
        nint mapping = reserved + 4096;
        try
        {
            Assert.Equal(0, ProtectMemory(mapping, (nuint)bytes, ProtectReadWrite));
            nint address = mapping + 4096; // not huge-page aligned: partial huge pages at both ends
            long length = bytes - 2 * 4096;
            Assert.All(Residency(address, (nuint)length), page => Assert.Equal(0, page & 1)); // the control: fresh memory is not resident
            LargeArrays.Advise(address, length);
            var (start, hugeLength) = LargeArrays.WholeHugePages(address, length);
            Assert.True(hugeLength >= (nuint)(4L << 20));
            Assert.Contains("hg", Mappings().First(m => m.Start <= (long)start && (long)start < m.End).Flags);
            Assert.All(Residency(address, (nuint)length), page => Assert.Equal(1, page & 1));
            Assert.Equal(0, Residency(mapping, 4096)[0] & 1); // the page before the range was left alone
        }
        finally
        {
            Assert.Equal(0, UnmapMemory(reserved, (nuint)(bytes + 2 * 4096)));
        }
    }

    private static void SkipUnlessTheAdviceExists()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "madvise is Linux's.");
        Skip.IfNot(File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"), "this kernel has no transparent huge pages.");
        Skip.If(Environment.OSVersion.Version < new Version(5, 14), "MADV_POPULATE_WRITE needs Linux 5.14 or later.");
    }

    /// <summary>mincore's byte per 4 KiB page of [start, start + bytes) (bit 0: resident).</summary>
    private static byte[] Residency(nint start, nuint bytes)
    {
        var pages = new byte[(int)((bytes + 4095) / 4096)];
        Assert.Equal(0, MemoryResidency(start, bytes, pages));
        return pages;
    }

    private const int ProtectNone = 0x0; // PROT_NONE
    private const int ProtectReadWrite = 0x3; // PROT_READ | PROT_WRITE
    private const int MapPrivateAnonymous = 0x22; // MAP_PRIVATE | MAP_ANONYMOUS

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern nint MapMemory(nint address, nuint length, int protection, int flags, int descriptor, nint offset);

    [DllImport("libc", EntryPoint = "mprotect")]
    private static extern int ProtectMemory(nint address, nuint length, int protection);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int UnmapMemory(nint address, nuint length);

    [DllImport("libc", EntryPoint = "mincore")]
    private static extern int MemoryResidency(nint address, nuint length, byte[] pages);

    /// <summary>The process's mappings from /proc/self/smaps: range and VmFlags.</summary>
    private static List<(long Start, long End, string[] Flags)> Mappings()
    {
        var result = new List<(long, long, string[])>();
        long start = 0, end = 0;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var header = Regex.Match(line, "^([0-9a-f]+)-([0-9a-f]+) ");
            if (header.Success)
            {
                start = long.Parse(header.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                end = long.Parse(header.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal))
                result.Add((start, end, line[8..].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        return result;
    }
}
