using System.Numerics;

namespace Gmm;

/// <summary>
/// Presents a source of one floating type as another, converting chunk by chunk (e.g. float data fitted in float64):
/// nothing is held beyond the chunk being read.
/// </summary>
/// <typeparam name="TFrom">The source's element type.</typeparam>
/// <typeparam name="TTo">The element type presented.</typeparam>
/// <param name="inner">The source to convert.</param>
public sealed class ConvertingDataSource<TFrom, TTo>(IDataSource<TFrom> inner) : IDataSource<TTo>
    where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
    where TTo : unmanaged, IFloatingPointIeee754<TTo>
{
    /// <inheritdoc />
    public int Dimension => inner.Dimension;

    /// <inheritdoc />
    public long Count => inner.Count;

    /// <inheritdoc />
    public bool HasWeights => inner.HasWeights;

    /// <inheritdoc />
    public IEnumerable<DataChunk<TTo>> GetChunks(int maxRows)
    {
        foreach (var chunk in inner.GetChunks(maxRows))
        {
            var values = new TTo[chunk.Values.Length];
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(chunk.Values.Span, values);
            TTo[]? weights = null;
            if (!chunk.Weights.IsEmpty)
            {
                weights = new TTo[chunk.Weights.Length];
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(chunk.Weights.Span, weights);
            }
            yield return new DataChunk<TTo>(chunk.Start, chunk.Dimension, values, weights);
        }
    }
}
