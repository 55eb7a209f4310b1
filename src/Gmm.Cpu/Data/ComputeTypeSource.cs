using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>How an estimator gets its data in the compute type of the fit.</summary>
internal static class ComputeTypeSource
{
    /// <summary>
    /// <paramref name="data"/> in compute type <typeparamref name="TTo"/>: as it is, converted once into memory when it
    /// needs at most <paramref name="inMemoryLimitBytes"/>, or converted chunk by chunk as it streams.
    /// </summary>
    public static IDataSource<TTo> Prepare<TFrom, TTo>(IDataSource<TFrom> data, long inMemoryLimitBytes)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom> where TTo : unmanaged, IFloatingPointIeee754<TTo> =>
        Prepare<TFrom, TTo>(data, inMemoryLimitBytes, null);

    /// <summary>
    /// As <see cref="Prepare{TFrom, TTo}(IDataSource{TFrom}, long)"/>, after checking every point with
    /// <paramref name="validation"/> (each chunk in order, then <see cref="ChunkValidation.Finish"/>): in the same pass
    /// as the conversion when the data is converted into memory — one read of a file instead of two, each value
    /// converted straight into the held array — else in a pass of its own before the data is returned. A source that
    /// stays where it is (<see cref="IResidentDataSource{T}"/>) is returned unchecked: it validates itself.
    /// </summary>
    public static IDataSource<TTo> Prepare<TFrom, TTo>(IDataSource<TFrom> data, long inMemoryLimitBytes, ChunkValidation? validation)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom> where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (data is IResidentDataSource<TTo> resident) return resident; // the backend reaches its points where they are
        int d = data.Dimension;
        long values = data.Count * d;
        bool held = data is not InMemoryDataSource<TTo> && values <= Array.MaxLength && values * Unsafe.SizeOf<TTo>() <= inMemoryLimitBytes;
        if (!held)
        {
            if (validation is not null) CheckAll(data, validation);
            return data as IDataSource<TTo> ?? new ConvertingDataSource<TFrom, TTo>(data); // in memory already, or streamed
        }
        // Not initialised: every value is written below, and a fresh array's pages are touched once instead of twice
        // (in huge pages where the system offers them: LargeArrays).
        var buffer = LargeArrays.Uninitialized<TTo>((int)values);
        var weights = data.HasWeights ? GC.AllocateUninitializedArray<TTo>((int)data.Count) : null;
        foreach (var chunk in ScanChunks(data))
        {
            validation?.Check(chunk);
            Convert(chunk.Values.Span, buffer.AsSpan((int)(chunk.Start * d), chunk.Values.Length));
            if (weights is not null) Convert(chunk.Weights.Span, weights.AsSpan((int)chunk.Start, chunk.Count));
        }
        validation?.Finish();
        return new InMemoryDataSource<TTo>(buffer, d, weights);
    }

    /// <summary>Every chunk through <paramref name="validation"/>, then its end.</summary>
    private static void CheckAll<T>(IDataSource<T> data, ChunkValidation validation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var chunk in ScanChunks(data)) validation.Check(chunk);
        validation.Finish();
    }

    /// <summary>
    /// The chunks of a pass that reads each point once, in order, of <see cref="ChunkValidation.ScanRows"/> rows: read
    /// into one reused buffer when the source can read rows into a caller's buffer (<see cref="IRowReadingDataSource{T}"/>,
    /// without weights), so each chunk is valid only until the next is taken; else the source's own chunks.
    /// </summary>
    private static IEnumerable<DataChunk<T>> ScanChunks<T>(IDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = ChunkValidation.ScanRows(data.Dimension, Unsafe.SizeOf<T>());
        return data is IRowReadingDataSource<T> reader && !data.HasWeights ? ReadThroughOneBuffer(reader, rows) : data.GetChunks(rows);

        static IEnumerable<DataChunk<T>> ReadThroughOneBuffer(IRowReadingDataSource<T> reader, int rows)
        {
            int d = reader.Dimension;
            var buffer = GC.AllocateUninitializedArray<T>((int)Math.Min(rows, reader.Count) * d); // every value is read into before use
            for (long start = 0; start < reader.Count; start += rows)
            {
                var values = buffer.AsMemory(0, (int)Math.Min(rows, reader.Count - start) * d);
                reader.ReadRows(start, values.Span);
                yield return new DataChunk<T>(start, d, values);
            }
        }
    }

    /// <summary>
    /// Copies, or converts with the rounding of <see cref="ConvertingDataSource{TFrom, TTo}"/> (round to nearest even,
    /// as a cast). float64 to float32, the usual case, is its own vectorised loop, compiled optimised on first call: the
    /// conversion runs once per fit, in chunks, too few calls for the tiered JIT to promote a library's generic loop.
    /// </summary>
    private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> target)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom> where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (typeof(TFrom) == typeof(TTo)) MemoryMarshal.Cast<TFrom, TTo>(source).CopyTo(target);
        else if (typeof(TFrom) == typeof(double) && typeof(TTo) == typeof(float))
            Narrow(MemoryMarshal.Cast<TFrom, double>(source), MemoryMarshal.Cast<TTo, float>(target));
        else System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(source, target);
    }

    /// <summary>target[i] = (float)source[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow(ReadOnlySpan<double> source, Span<float> target)
    {
        int n = source.Length, i = 0, w = Vector<double>.Count;
        if (target.Length < n) throw new ArgumentException("The target is shorter than the source.", nameof(target));
        ref double from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(target);
        for (; i + 2 * w <= n; i += 2 * w)
            Vector.Narrow(Vector.LoadUnsafe(ref from, (nuint)i), Vector.LoadUnsafe(ref from, (nuint)(i + w))).StoreUnsafe(ref to, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref to, i) = (float)Unsafe.Add(ref from, i);
    }
}
