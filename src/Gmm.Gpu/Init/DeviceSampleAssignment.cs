using System.Numerics;

namespace Gmm.Gpu.Init;

/// <summary>
/// Lloyd's assignment step of k-means initialisation on the device: the sample is uploaded once, and every
/// <see cref="Assign"/> labels all of its points against the new centres (a full search, no bounds needed at GPU
/// speed), with the labels of the host's bounded assignment (both equal a full <see cref="NearestCenter"/> search).
/// </summary>
internal sealed class DeviceSampleAssignment<T> : ICenterAssignment where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceCenterSearch<T> _search;
    private readonly ReadOnlyMemory<double> _sample;
    private readonly ReadOnlyMemory<double> _origin;
    private readonly int _d, _k;
    private readonly int[] _labels;

    /// <summary>Uploads the sample (m×d; its values are those of T data, so converting them back to T is exact).</summary>
    public DeviceSampleAssignment(DeviceCenterSearch<T> search, ReadOnlyMemory<double> sample, int d, ReadOnlyMemory<double> origin, int k)
    {
        _search = search;
        _sample = sample;
        _origin = origin;
        _d = d;
        _k = k;
        var rows = sample.Span;
        var values = new T[rows.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(rows[i]);
            if (double.CreateTruncating(values[i]) != rows[i] && !double.IsNaN(rows[i]))
                throw new InvalidOperationException($"Sample value {rows[i]} is not a {typeof(T).Name}: the sample must come from the backend's own data.");
        }
        search.Load(values);
        _labels = new int[rows.Length / d];
    }

    /// <inheritdoc />
    public ReadOnlySpan<int> Labels => _labels;

    /// <inheritdoc />
    public void Assign(ReadOnlySpan<double> centers)
    {
        var nearest = new NearestCenter(centers, _k, _d, _origin.Span);
        _search.Label<double>(nearest, _sample.Span, _labels);
    }

    /// <summary>Frees the sample on the device before the last pass uploads the data (the search itself is the backend's).</summary>
    public void Dispose() => _search.ReleasePoints();
}
