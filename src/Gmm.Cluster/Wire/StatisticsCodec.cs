namespace Gmm.Cluster;

/// <summary>
/// One shard's statistics as bytes: k, d, type, N, F, S, Σ w log p, Σ w and n (float64 little-endian, exact). The
/// reference points are not sent: the driver holds them, being a function of the model both sides share.
/// </summary>
internal static class StatisticsCodec
{
    private const int Magic = 0x53534730; // "0GSS"

    public static byte[] Encode(SufficientStatistics statistics)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(statistics.ComponentCount);
            writer.Write(statistics.Dimension);
            writer.Write((int)statistics.CovarianceType);
            ModelCodec.Write(writer, statistics.ZerothOrder);
            ModelCodec.Write(writer, statistics.FirstOrder);
            ModelCodec.Write(writer, statistics.SecondOrder);
            writer.Write(statistics.LogLikelihood);
            writer.Write(statistics.WeightSum);
            writer.Write(statistics.PointCount);
        }
        return stream.ToArray();
    }

    /// <summary>Reads <paramref name="bytes"/> into <paramref name="target"/> (empty statistics of the same model's shape), replacing its sums.</summary>
    public static void DecodeInto(byte[] bytes, SufficientStatistics target)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("Not a statistics message.");
        int k = reader.ReadInt32(), d = reader.ReadInt32();
        var type = (CovarianceType)reader.ReadInt32();
        if (k != target.ComponentCount || d != target.Dimension || type != target.CovarianceType)
            throw new InvalidDataException($"Statistics of shape k = {k}, d = {d}, {type} do not match the fit's (k = {target.ComponentCount}, d = {target.Dimension}, {target.CovarianceType}).");
        ReadInto(reader, target.ZerothOrder);
        ReadInto(reader, target.FirstOrder);
        ReadInto(reader, target.SecondOrder);
        target.LogLikelihood = reader.ReadDouble();
        target.WeightSum = reader.ReadDouble();
        target.PointCount = reader.ReadInt64();
    }

    private static void ReadInto(BinaryReader reader, double[] target)
    {
        for (int i = 0; i < target.Length; i++) target[i] = reader.ReadDouble();
    }
}
