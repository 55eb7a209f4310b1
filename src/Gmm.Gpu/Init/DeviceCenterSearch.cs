using System.Numerics;
using System.Runtime.InteropServices;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Init;

/// <summary>
/// k-means' nearest-centre search on the device (<see cref="NearestCenterKernels{T, TOps}"/>), with exactly the labels of
/// the host's <see cref="NearestCenter"/>: the kernel computes the host's float32 scores from the host's inputs and
/// labels every point whose best centre wins by more than both computations' rounding bounds; the few it leaves
/// (near-ties) are searched on the host. Points are loaded once (<see cref="Load"/>) and can be labelled against any
/// number of centre sets. Not thread-safe; device work runs under the provider's launch lock.
/// </summary>
/// <typeparam name="T">The data's element type.</typeparam>
internal sealed class DeviceCenterSearch<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Accelerator _accelerator;
    private readonly object _launchLock;
    private readonly KernelVariants<Action<AcceleratorStream, KernelConfig, NearestCenterArgs, ArrayView<T>, ArrayView<double>,
        ArrayView<float>, ArrayView<float>, ArrayView<int>>> _kernel;
    private readonly int _d;
    private MemoryBuffer1D<T, Stride1D.Dense>? _points;
    private MemoryBuffer1D<int, Stride1D.Dense>? _labels;
    private MemoryBuffer1D<double, Stride1D.Dense>? _origin;
    private MemoryBuffer1D<float, Stride1D.Dense>? _centers;
    private MemoryBuffer1D<float, Stride1D.Dense>? _norms;
    private NearestCenter? _current;
    private int _count;

    /// <summary>A search for points of <paramref name="d"/> features; device work runs under <paramref name="launchLock"/>.</summary>
    public DeviceCenterSearch(Accelerator accelerator, object launchLock, KernelVariants<Action<AcceleratorStream, KernelConfig,
        NearestCenterArgs, ArrayView<T>, ArrayView<double>, ArrayView<float>, ArrayView<float>, ArrayView<int>>> kernel, int d)
    {
        _accelerator = accelerator;
        _launchLock = launchLock;
        _kernel = kernel;
        _d = d;
    }

    /// <summary>Dimension d of the points.</summary>
    public int Dimension => _d;

    /// <summary>Points labelled on the device so far.</summary>
    public long Labelled { get; private set; }

    /// <summary>Points the device left to the host (near-ties) so far.</summary>
    public long Uncertain { get; private set; }

    /// <summary>Device memory held now (bytes).</summary>
    public long Bytes => (_points?.LengthInBytes ?? 0) + (_labels?.LengthInBytes ?? 0) + (_origin?.LengthInBytes ?? 0)
        + (_centers?.LengthInBytes ?? 0) + (_norms?.LengthInBytes ?? 0);

    /// <summary>Uploads the points to label next (row-major, rows.Length / d points), replacing the previous ones.</summary>
    public void Load(ReadOnlySpan<T> rows)
    {
        if (rows.Length % _d != 0) throw new ArgumentException($"The rows must hold a multiple of d = {_d} values.", nameof(rows));
        lock (_launchLock)
        {
            if (_points is null || _points.Length < rows.Length)
            {
                _points?.Dispose();
                _points = null;
                _points = _accelerator.Allocate1D<T>(Math.Max(1, rows.Length));
            }
            // The span overloads pin the host memory until the copy completes; the ref overloads do not, and an OpenCL
            // runtime that copies asynchronously (PoCL) would then read or write wherever the GC has moved the array.
            if (rows.Length > 0) ((ArrayView<T>)_points.View).SubView(0, rows.Length).CopyFromCPU(rows);
            _count = rows.Length / _d;
        }
    }

    /// <summary>
    /// labels[i] = <paramref name="nearest"/>'s label of loaded point i (labels.Length = the loaded count);
    /// <paramref name="hostRows"/> are the same points on the host (row-major, any float type holding the same values),
    /// for the points the device leaves to the host.
    /// </summary>
    public void Label<TRow>(NearestCenter nearest, ReadOnlySpan<TRow> hostRows, Span<int> labels)
        where TRow : unmanaged, IFloatingPointIeee754<TRow>
    {
        if (_count == 0 && labels.IsEmpty) return;
        if (_points is null) throw new InvalidOperationException("No points are loaded (Load them first).");
        if (hostRows.Length != (long)_count * _d) throw new ArgumentException($"The host rows must hold the {_count} loaded points.", nameof(hostRows));
        LabelOnDevice(nearest, _points.View, _count, labels);
        Resolve(nearest, hostRows, labels);
    }

    /// <summary>
    /// The device's labels of <paramref name="count"/> points on the device: −1 where the host must search
    /// (<see cref="Resolve{TRow}"/>); the rest are final.
    /// </summary>
    public void LabelOnDevice(NearestCenter nearest, ArrayView<T> points, int count, Span<int> labels)
    {
        if (nearest.Dimension != _d) throw new ArgumentException($"The centres have {nearest.Dimension} features, the points {_d}.", nameof(nearest));
        if (labels.Length != count || points.Length < (long)count * _d)
            throw new ArgumentException($"{count} points: the device view and the labels must hold them.", nameof(labels));
        if (count == 0) return;
        lock (_launchLock)
        {
            if (!ReferenceEquals(nearest, _current)) UploadCenters(nearest);
            if (_labels is null || _labels.Length < count)
            {
                _labels?.Dispose();
                _labels = null;
                _labels = _accelerator.Allocate1D<int>(count);
            }
            int tiles = KernelGeometry.Tiles(count, KernelGeometry.TilePoints);
            var args = new NearestCenterArgs
            {
                N = count,
                K = nearest.Count,
                D = _d,
                Kp = (int)_norms!.Length,
                PointTiles = tiles,
                Radius = nearest.Radius,
                Margin = Margin(_d),
                Floor = 4.0 * (_d + 1) * Math.ScaleB(1.0, -125),
            };
            _kernel.For().Launch(_accelerator.DefaultStream, new KernelConfig(Math.Min(tiles, 1 << 16), KernelGeometry.GroupSize),
                args, points, _origin!.View, _centers!.View, _norms.View, _labels.View);
            ((ArrayView<int>)_labels.View).SubView(0, count).CopyToCPU(labels[..count]); // waits for the kernel; pinned (see Load)
        }
        Labelled += count;
    }

    /// <summary>Searches on the host the points labelled −1 (<paramref name="hostRows"/>: those points, row-major, raw values).</summary>
    public void Resolve<TRow>(NearestCenter nearest, ReadOnlySpan<TRow> hostRows, Span<int> labels) where TRow : unmanaged, IFloatingPointIeee754<TRow> =>
        Uncertain += nearest.ResolveUncertain(hostRows, labels);

    /// <summary>
    /// 4·γ_{d+1}·(1 + 2u)·(1 + 10⁻⁹), u = 2⁻²⁴: the relative part of the certainty threshold (<see cref="NearestCenterArgs.Margin"/>;
    /// the last factor covers the float64 rounding of ‖x̃‖ and R); +∞ when (d + 1)·u ≥ 1.
    /// </summary>
    internal static double Margin(int d)
    {
        double u = Math.ScaleB(1.0, -24), m = (d + 1) * u;
        return m >= 1 ? double.PositiveInfinity : 4 * m / (1 - m) * (1 + 2 * u) * (1 + 1e-9);
    }

    /// <summary>Puts the search's float32 inputs (and its origin) on the device.</summary>
    private void UploadCenters(NearestCenter nearest)
    {
        int kp = KernelGeometry.PaddedComponents(nearest.Count);
        var centers = new float[_d * kp];
        var norms = new float[kp];
        nearest.CopyInputs(centers, kp, norms);
        if (_centers is null || _centers.Length != centers.Length)
        {
            _centers?.Dispose();
            _centers = null;
            _centers = _accelerator.Allocate1D<float>(centers.Length);
        }
        if (_norms is null || _norms.Length != kp)
        {
            _norms?.Dispose();
            _norms = null;
            _norms = _accelerator.Allocate1D<float>(kp);
        }
        _origin ??= _accelerator.Allocate1D<double>(_d);
        _centers.CopyFromCPU(centers);
        _norms.CopyFromCPU(norms);
        ((ArrayView<double>)_origin.View).CopyFromCPU(nearest.Origin); // the span overload pins (see Load)
        _current = nearest;
    }

    /// <summary>Frees the loaded points (the sample) once they are no longer needed.</summary>
    public void ReleasePoints()
    {
        lock (_launchLock)
        {
            _points?.Dispose();
            _points = null;
            _count = 0;
        }
    }

    /// <summary>Frees every device buffer of the search.</summary>
    public void Dispose()
    {
        lock (_launchLock)
        {
            _points?.Dispose();
            _labels?.Dispose();
            _origin?.Dispose();
            _centers?.Dispose();
            _norms?.Dispose();
            _points = null;
            _labels = null;
            _origin = null;
            _centers = null;
            _norms = null;
            _current = null;
        }
    }
}
