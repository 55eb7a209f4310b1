using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// Device buffers of one chunk of points: values (rows×d), weights (rows, or 1 when unweighted), and the per-point
/// scratch the kernels need (lse, and for tied the projected points). A streaming slot adds page-locked host
/// staging buffers and its own stream so that its copy overlaps the other slot's kernels.
/// </summary>
internal sealed class DeviceChunk<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public DeviceChunk(Accelerator accelerator, int rows, int d, bool weighted, bool projected, bool streaming)
    {
        Capacity = rows;
        Dimension = d;
        try
        {
            Values = accelerator.Allocate1D<T>((long)rows * d);
            Weights = accelerator.Allocate1D<T>(weighted ? rows : 1);
            Lse = accelerator.Allocate1D<T>(rows);
            Projected = accelerator.Allocate1D<T>(projected ? (long)rows * d : 1);
            if (streaming)
            {
                PinnedValues = accelerator.AllocatePageLocked1D<T>((long)rows * d);
                PinnedWeights = accelerator.AllocatePageLocked1D<T>(weighted ? rows : 1);
                Stream = accelerator.CreateStream();
            }
        }
        catch
        {
            Dispose(); // a failed allocation must not leak the buffers already made
            throw;
        }
    }

    /// <summary>Rows the buffers hold.</summary>
    public int Capacity { get; }
    /// <summary>Features d of each point.</summary>
    public int Dimension { get; }
    /// <summary>Index of the first point in its source (resident chunks).</summary>
    public long Start { get; set; }
    /// <summary>Points currently held.</summary>
    public int Count { get; set; }
    /// <summary>True when <see cref="Weights"/> holds per-point weights for the current points.</summary>
    public bool HasWeights { get; set; }

    public MemoryBuffer1D<T, Stride1D.Dense> Values { get; }
    public MemoryBuffer1D<T, Stride1D.Dense> Weights { get; }
    public MemoryBuffer1D<T, Stride1D.Dense> Lse { get; }
    public MemoryBuffer1D<T, Stride1D.Dense> Projected { get; }
    public PageLockedArray1D<T>? PinnedValues { get; }
    public PageLockedArray1D<T>? PinnedWeights { get; }
    public AcceleratorStream? Stream { get; }

    /// <summary>Synchronous upload (resident data, copied once).</summary>
    public void Upload(DataChunk<T> chunk)
    {
        Start = chunk.Start;
        Count = chunk.Count;
        HasWeights = !chunk.Weights.IsEmpty;
        // Span overloads: they pin the host memory until the copy completes (the ref overloads do not, which an
        // asynchronous OpenCL runtime such as PoCL turns into reads from wherever the GC has moved the array).
        ((ArrayView<T>)Values.View).SubView(0, chunk.Values.Length).CopyFromCPU(chunk.Values.Span);
        if (HasWeights) ((ArrayView<T>)Weights.View).SubView(0, chunk.Count).CopyFromCPU(chunk.Weights.Span);
    }

    /// <summary>
    /// Streaming upload: host copy into page-locked memory, then an asynchronous DMA on this slot's stream.
    /// The caller must have synchronised the stream (the slot's previous chunk is done).
    /// </summary>
    public void UploadAsync(DataChunk<T> chunk)
    {
        Start = chunk.Start;
        Count = chunk.Count;
        HasWeights = !chunk.Weights.IsEmpty;
        CopyParallel(chunk.Values, PinnedValues!);
        var pinned = PinnedValues!.Span;
        ((ArrayView<T>)Values.View).SubView(0, chunk.Values.Length).CopyFromCPUUnsafeAsync(Stream!, ref pinned[0], chunk.Values.Length);
        if (HasWeights)
        {
            var weights = PinnedWeights!.Span;
            chunk.Weights.Span.CopyTo(weights);
            ((ArrayView<T>)Weights.View).SubView(0, chunk.Count).CopyFromCPUUnsafeAsync(Stream!, ref weights[0], chunk.Count);
        }
    }

    /// <summary>Host copy into page-locked memory in parallel blocks: one thread's memcpy (~5–10 GB/s) would be the bottleneck.</summary>
    private static void CopyParallel(ReadOnlyMemory<T> source, PageLockedArray1D<T> target)
    {
        const int block = 1 << 18;
        int blocks = (source.Length + block - 1) / block;
        if (blocks <= 1)
        {
            source.Span.CopyTo(target.Span);
            return;
        }
        Parallel.For(0, blocks, b =>
        {
            int start = b * block, length = Math.Min(block, source.Length - start);
            source.Span.Slice(start, length).CopyTo(target.Span.Slice(start, length));
        });
    }

    /// <summary>Device bytes of the chunk's buffers.</summary>
    public long Bytes => Values.LengthInBytes + Weights.LengthInBytes + Lse.LengthInBytes + Projected.LengthInBytes;

    public void Dispose()
    {
        Values?.Dispose();
        Weights?.Dispose();
        Lse?.Dispose();
        Projected?.Dispose();
        PinnedValues?.Dispose();
        PinnedWeights?.Dispose();
        Stream?.Dispose();
    }
}
