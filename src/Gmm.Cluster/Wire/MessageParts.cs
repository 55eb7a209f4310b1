namespace Gmm.Cluster;

/// <summary>Bytes larger than the message limit travel in parts of at most the limit, joined in order on arrival.</summary>
internal static class MessageParts
{
    /// <summary>Room left in every message for Orleans' own header and the call's other arguments.</summary>
    public const int Overhead = 16 << 10;

    /// <summary>How many bytes of payload one message may carry under <paramref name="limitBytes"/>.</summary>
    public static int PayloadLimit(int limitBytes) => Math.Max(1 << 10, limitBytes - Overhead);

    public static byte[][] Split(byte[] bytes, int limitBytes)
    {
        int size = PayloadLimit(limitBytes);
        int count = Math.Max(1, (bytes.Length + size - 1) / size);
        var parts = new byte[count][];
        for (int p = 0; p < count; p++)
            parts[p] = bytes.AsSpan(p * size, Math.Min(size, bytes.Length - p * size)).ToArray();
        return parts;
    }

    public static byte[] Join(IReadOnlyList<byte[]> parts)
    {
        var joined = new byte[parts.Sum(p => p.Length)];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(joined, offset);
            offset += part.Length;
        }
        return joined;
    }
}
