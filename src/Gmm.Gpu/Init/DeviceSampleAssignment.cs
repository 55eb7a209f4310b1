using System.Numerics;

namespace Gmm.Gpu.Init;

/// <summary>
/// Lloyd's assignment step of k-means initialisation on the device: the sample is uploaded once, and every
/// <see cref="Assign"/> labels all of its points against the new centres (a full search, no bounds needed at GPU
/// speed), with the labels of the host's <see cref="BoundedAssignment"/> (both equal a full <see cref="NearestCenter"/>
/// search).
/// </summary>
internal sealed class DeviceSampleAssignment<T> : ICenterAssignment where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceCenterSearch<T> _search;
    private readonly DataSample _sample;
    private readonly double[] _origin;
    private readonly int _k;

    /// <summary>Uploads the sample (its values are those of T data, so converting them back to T is exact).</summary>
    public DeviceSampleAssignment(DeviceCenterSearch<T> search, DataSample sample, double[] origin, int k)
    {
        _search = search;
        _sample = sample;
        _origin = origin;
        _k = k;
        var values = new T[sample.Values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(sample.Values[i]);
            if (double.CreateTruncating(values[i]) != sample.Values[i] && !double.IsNaN(sample.Values[i]))
                throw new InvalidOperationException($"Sample value {sample.Values[i]} is not a {typeof(T).Name}: the sample must come from the backend's own data.");
        }
        search.Load(values);
        Labels = new int[sample.Count];
    }

    /// <inheritdoc />
    public int[] Labels { get; }

    /// <inheritdoc />
    public void Assign(double[] centers)
    {
        var nearest = new NearestCenter(centers, _k, _sample.Dimension, _origin);
        _search.Label<double>(nearest, _sample.Values, Labels);
    }

    /// <summary>Frees the sample on the device before the last pass uploads the data (the search itself is the backend's).</summary>
    public void Dispose() => _search.ReleasePoints();
}
