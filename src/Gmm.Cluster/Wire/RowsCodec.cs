using System.Numerics;
using System.Runtime.InteropServices;

namespace Gmm.Cluster;

/// <summary>A run of a shard's points for initialisation's reads: rows, d, whether weights follow, then the values (and weights) in T's bytes.</summary>
internal static class RowsCodec
{
    public static byte[] Encode<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> weights, int rows, int dimension) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var valueBytes = MemoryMarshal.AsBytes(values);
        var weightBytes = MemoryMarshal.AsBytes(weights);
        var bytes = new byte[12 + valueBytes.Length + weightBytes.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), rows);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), dimension);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), weights.IsEmpty ? 0 : 1);
        valueBytes.CopyTo(bytes.AsSpan(12));
        weightBytes.CopyTo(bytes.AsSpan(12 + valueBytes.Length));
        return bytes;
    }

    /// <summary>Copies the rows of <paramref name="bytes"/> into <paramref name="values"/> and, when the message has weights, <paramref name="weights"/>; returns the row count.</summary>
    public static int DecodeInto<T>(byte[] bytes, Span<T> values, Span<T> weights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = BitConverter.ToInt32(bytes, 0), d = BitConverter.ToInt32(bytes, 4);
        bool weighted = BitConverter.ToInt32(bytes, 8) != 0;
        var body = MemoryMarshal.Cast<byte, T>(bytes.AsSpan(12));
        body[..(rows * d)].CopyTo(values);
        if (weighted) body.Slice(rows * d, rows).CopyTo(weights);
        return rows;
    }

    /// <summary>How many rows of d values (and a weight) fit one message payload of <paramref name="payloadBytes"/>.</summary>
    public static int RowsPerMessage<T>(int dimension, int payloadBytes) where T : unmanaged =>
        Math.Max(1, (payloadBytes - 12) / ((dimension + 1) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
}
