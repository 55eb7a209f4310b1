using System.Numerics;

namespace Gmm;

/// <summary>
/// A source whose missing entries (NaN) read as their feature's observed mean, chunk by chunk: what initialisation
/// (k-means, random responsibilities) sees when the fit marginalises missing values. EM itself sees the NaN.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class MeanImputedSource<T>(IDataSource<T> inner, double[] featureMeans) : IDataSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Dimension => inner.Dimension;
    public long Count => inner.Count;
    public bool HasWeights => inner.HasWeights;

    public IEnumerable<DataChunk<T>> GetChunks(int maxRows)
    {
        int d = Dimension;
        foreach (var chunk in inner.GetChunks(maxRows))
        {
            var source = chunk.Values.Span;
            var values = source.ToArray();
            for (int i = 0; i < values.Length; i++)
                if (T.IsNaN(values[i])) values[i] = T.CreateTruncating(featureMeans[i % d]);
            yield return new DataChunk<T>(chunk.Start, d, values, chunk.Weights);
        }
    }
}
