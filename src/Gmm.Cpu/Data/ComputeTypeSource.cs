using System.Numerics;

namespace Gmm;

/// <summary>How an estimator gets its data in the compute type of the fit.</summary>
internal static class ComputeTypeSource
{
    /// <summary>
    /// <paramref name="data"/> in compute type <typeparamref name="TTo"/>: as it is, converted once into memory when it
    /// needs at most <paramref name="inMemoryLimitBytes"/>, or converted chunk by chunk as it streams.
    /// </summary>
    public static IDataSource<TTo> Prepare<TFrom, TTo>(IDataSource<TFrom> data, long inMemoryLimitBytes)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom> where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (data is InMemoryDataSource<TTo> ready) return ready;
        if (data is IResidentDataSource<TTo> resident) return resident; // the backend reaches its points where they are
        var converted = data as IDataSource<TTo> ?? new ConvertingDataSource<TFrom, TTo>(data);
        long values = data.Count * data.Dimension;
        if (values > Array.MaxLength || values * System.Runtime.CompilerServices.Unsafe.SizeOf<TTo>() > inMemoryLimitBytes)
            return converted;
        var buffer = new TTo[values];
        var weights = data.HasWeights ? new TTo[data.Count] : null;
        foreach (var chunk in converted.GetChunks(1 << 16))
        {
            chunk.Values.Span.CopyTo(buffer.AsSpan((int)(chunk.Start * data.Dimension)));
            if (weights is not null) chunk.Weights.Span.CopyTo(weights.AsSpan((int)chunk.Start));
        }
        return new InMemoryDataSource<TTo>(buffer, data.Dimension, weights);
    }
}
