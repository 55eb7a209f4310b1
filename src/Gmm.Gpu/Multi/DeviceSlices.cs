using System.Numerics;

namespace Gmm.Gpu.Multi;

/// <summary>
/// One data source cut into one contiguous slice per device, in device order, and the weights it was cut by. A device
/// keeps a slice's rows resident while it is given the same slice object, so a source is cut once and its slices
/// reused every pass.
/// </summary>
internal sealed class DeviceSlices<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private IDataSource<T>? _source;

    /// <summary>The slices, in device order; empty before the first cut.</summary>
    public RowRangeDataSource<T>[] Slices { get; private set; } = [];

    /// <summary>The weights of the last cut (given, equal, or measured); empty before the first.</summary>
    public double[] Weights { get; private set; } = [];

    /// <summary>Whether <paramref name="data"/> is the source last cut, whole.</summary>
    public bool Hold(IDataSource<T> data) => ReferenceEquals(data, _source) && Slices.Sum(s => s.Count) == data.Count;

    /// <summary>Forgets the last cut (before a new one, which may fail while measuring).</summary>
    public void Clear()
    {
        _source = null;
        Slices = [];
        Weights = [];
    }

    /// <summary>Cuts <paramref name="data"/> in proportion to <paramref name="weights"/> (<see cref="SliceBounds.For"/>).</summary>
    public void Cut(IDataSource<T> data, double[] weights)
    {
        var bounds = SliceBounds.For(data.Count, weights);
        Slices = [.. Enumerable.Range(0, weights.Length).Select(i => new RowRangeDataSource<T>(data, bounds[i], bounds[i + 1] - bounds[i]))];
        Weights = weights;
        _source = data;
    }

    /// <summary>" on rows [a, b)" for device <paramref name="device"/>'s slice, or "" before a cut.</summary>
    public string RowsOf(int device) =>
        Slices.Length > device ? $" on rows [{Slices[device].First}, {Slices[device].First + Slices[device].Count})" : "";
}
