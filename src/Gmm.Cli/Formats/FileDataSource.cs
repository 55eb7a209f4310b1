using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gmm.Cli.Formats;

/// <summary>
/// Little-endian n×d row-major values in a file (a .npy body or raw float32), read chunk by chunk with positioned reads
/// so that files larger than memory can be fitted: only the chunks in use are in the process's memory. (A memory
/// mapping would count every page it touched in the process's resident memory until the system reclaims it.)
/// </summary>
internal sealed class FileDataSource<T> : IRowReadingDataSource<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SafeFileHandle _file;
    private readonly long _offset;

    /// <summary>Opens <paramref name="path"/>: <paramref name="count"/> rows of <paramref name="dimension"/> values from byte <paramref name="offset"/>.</summary>
    public FileDataSource(string path, long offset, long count, int dimension)
        : this(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete), offset, count, dimension)
    {
    }

    /// <summary>Reads an open file, which the source then owns (closed on dispose): <paramref name="count"/> rows of
    /// <paramref name="dimension"/> values from byte <paramref name="offset"/>.</summary>
    public FileDataSource(SafeFileHandle file, long offset, long count, int dimension)
    {
        _file = file;
        Count = count;
        Dimension = dimension;
        _offset = offset;
    }

    public int Dimension { get; }
    public long Count { get; }
    public bool HasWeights => false;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        for (long start = 0; start < Count; start += maxRows)
            yield return new DataChunk<T>(start, Dimension, ReadRows(start, (int)Math.Min(maxRows, Count - start)));
    }

    /// <summary>Rows [<paramref name="first"/>, first + <paramref name="rows"/>) as a new rows×d array.</summary>
    /// <exception cref="IOException">The file ended early (it was truncated while in use).</exception>
    public T[] ReadRows(long first, int rows)
    {
        var values = GC.AllocateUninitializedArray<T>(checked(rows * Dimension)); // every element is read into below
        ReadRows(first, values);
        return values;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (a whole number of rows) with the rows from <paramref name="first"/> on: a
    /// pass that reads each row once can reuse one buffer instead of a fresh array per chunk.
    /// </summary>
    /// <exception cref="IOException">The file ended early (it was truncated while in use).</exception>
    public void ReadRows(long first, Span<T> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        long position = _offset + first * Dimension * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        while (!bytes.IsEmpty)
        {
            int read = RandomAccess.Read(_file, bytes, position);
            if (read == 0) throw new EndOfStreamException($"the data file ended at byte {position}; was it truncated while in use?");
            bytes = bytes[read..];
            position += read;
        }
    }

    public void Dispose() => _file.Dispose();
}
