using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Queries;

/// <summary>Scratch of the query kernels, grown as needed: points (rows×d), log-probabilities (rows×k), per-point outputs, shortlists (rows×C).</summary>
internal sealed class DeviceQueryBuffers<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Accelerator _accelerator;
    private MemoryBuffer1D<T, Stride1D.Dense>? _points, _logProbabilities;
    private MemoryBuffer1D<double, Stride1D.Dense>? _outputs;
    private MemoryBuffer1D<int, Stride1D.Dense>? _labels, _shortlist;

    public DeviceQueryBuffers(Accelerator accelerator) => _accelerator = accelerator;

    /// <summary>Points (at least rows×d).</summary>
    public ArrayView<T> Points(long length) => Ensure(ref _points, length);

    /// <summary>Log-probabilities (at least rows×k).</summary>
    public ArrayView<T> LogProbabilities(long length) => Ensure(ref _logProbabilities, length);

    /// <summary>Per-point float64 outputs (at least rows).</summary>
    public ArrayView<double> Outputs(long length) => Ensure(ref _outputs, length);

    /// <summary>Per-point labels (at least rows).</summary>
    public ArrayView<int> Labels(long length) => Ensure(ref _labels, length);

    /// <summary>Shortlists (at least rows×C).</summary>
    public ArrayView<int> Shortlist(long length) => Ensure(ref _shortlist, length);

    private ArrayView<TValue> Ensure<TValue>(ref MemoryBuffer1D<TValue, Stride1D.Dense>? buffer, long length) where TValue : unmanaged
    {
        length = Math.Max(length, 1);
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = null;
            buffer = _accelerator.Allocate1D<TValue>(length);
        }
        return ((ArrayView<TValue>)buffer.View).SubView(0, length);
    }

    public void Dispose()
    {
        _points?.Dispose();
        _logProbabilities?.Dispose();
        _outputs?.Dispose();
        _labels?.Dispose();
        _shortlist?.Dispose();
    }
}
