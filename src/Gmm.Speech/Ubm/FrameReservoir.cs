using System.Numerics;

namespace Gmm.Speech.Ubm;

/// <summary>
/// Kaldi's frame sampling for UBM initialisation (gmm-global-init-from-feats): the first m frames are kept; frame number
/// r &gt; m replaces a uniformly chosen kept frame with probability m / r, so that every frame is kept with probability
/// m / n whatever the order (reservoir sampling). One pass over the data, which also checks every value and weight;
/// sample weights travel with their frames.
/// </summary>
internal static class FrameReservoir
{
    /// <summary>At most <paramref name="capacity"/> frames of <paramref name="data"/>, converted to <typeparamref name="TTo"/>, in memory.</summary>
    public static InMemoryDataSource<TTo> Sample<TFrom, TTo>(IDataSource<TFrom> data, int capacity, Random random)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
        where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        int d = data.Dimension;
        int kept = (int)Math.Min(capacity, data.Count);
        var values = new TTo[(long)kept * d];
        var weights = data.HasWeights ? new TTo[kept] : null;
        long read = 0;
        foreach (var chunk in data.GetChunks(1 << 16))
        {
            var source = chunk.Values.Span;
            var sourceWeights = chunk.Weights.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                read++;
                var row = source.Slice(i * d, d);
                for (int j = 0; j < d; j++)
                    if (!TFrom.IsFinite(row[j]))
                        throw new ArgumentException($"data holds a non-finite value ({row[j]}) at point {read - 1}, feature {j}.", nameof(data));
                if (!sourceWeights.IsEmpty && (!TFrom.IsFinite(sourceWeights[i]) || sourceWeights[i] < TFrom.Zero))
                    throw new ArgumentException($"sample weight {sourceWeights[i]} at point {read - 1} must be finite and ≥ 0.", "sampleWeights");
                long slot = read <= kept ? read - 1 : -1;
                if (slot < 0 && random.NextDouble() < (double)kept / read) slot = random.Next(kept);
                if (slot < 0) continue;
                var target = values.AsSpan((int)(slot * d), d);
                for (int j = 0; j < d; j++) target[j] = TTo.CreateTruncating(row[j]);
                if (weights is not null) weights[slot] = sourceWeights.IsEmpty ? TTo.One : TTo.CreateTruncating(sourceWeights[i]);
            }
        }
        if (read < kept) throw new InvalidOperationException($"The data source gave {read} points but announced {data.Count}.");
        return new InMemoryDataSource<TTo>(values, d, weights);
    }
}
