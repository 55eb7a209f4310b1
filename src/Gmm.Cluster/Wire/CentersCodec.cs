namespace Gmm.Cluster;

/// <summary>
/// k-means initialisation's centres as bytes, for the labelling pass on the nodes: covariance type, k, d, the centres
/// (k×d) and the origin (d) as little-endian float64. The search rebuilt from them is the driver's to the bit.
/// </summary>
internal static class CentersCodec
{
    private const int Magic = 0x434B4730; // "0GKC"

    public static byte[] Encode(double[] centers, double[] origin, CovarianceType type)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write((int)type);
            writer.Write(centers.Length / origin.Length);
            writer.Write(origin.Length);
            ModelCodec.Write(writer, centers);
            ModelCodec.Write(writer, origin);
        }
        return stream.ToArray();
    }

    /// <summary>Whether <paramref name="bytes"/> hold centres (else a model).</summary>
    public static bool Holds(byte[] bytes) => bytes.Length >= 4 && BitConverter.ToInt32(bytes, 0) == Magic;

    public static (NearestCenter Search, CovarianceType Type) Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("Not a centres message.");
        var type = (CovarianceType)reader.ReadInt32();
        int k = reader.ReadInt32(), d = reader.ReadInt32();
        var centers = ModelCodec.Read(reader, k * d);
        var origin = ModelCodec.Read(reader, d);
        return (new NearestCenter(centers, k, d, origin), type);
    }
}
