using System.IO.MemoryMappedFiles;
using System.Numerics;

namespace Gmm.Cli.Formats;

/// <summary>
/// Little-endian n×d row-major values of a file (a .npy body or raw float32), streamed through a memory-mapped view
/// chunk by chunk so that files larger than memory can be fitted; only one chunk is copied out at a time.
/// </summary>
internal sealed class MappedDataSource<T> : IDataSource<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    public MappedDataSource(string path, long offset, long count, int dimension)
    {
        Count = count;
        Dimension = dimension;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            _view = _file.CreateViewAccessor(offset, count * dimension * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), MemoryMappedFileAccess.Read);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public int Dimension { get; }
    public long Count { get; }
    public bool HasWeights => false;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (long start = 0; start < Count; start += maxRows)
        {
            int rows = (int)Math.Min(maxRows, Count - start);
            var values = new T[rows * Dimension];
            _view.ReadArray(start * Dimension * size, values, 0, values.Length);
            yield return new DataChunk<T>(start, Dimension, values);
        }
    }

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }
}
