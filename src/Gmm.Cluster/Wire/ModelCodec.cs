using System.Security.Cryptography;

namespace Gmm.Cluster;

/// <summary>
/// A model as bytes for the per-iteration broadcast: covariance type, k, d, then weights, means and covariances as
/// little-endian float64. The model rebuilt from them is the same to the bit (its derived factors are computed from the
/// same parameters by the same code), so every node computes under exactly the driver's model.
/// </summary>
internal static class ModelCodec
{
    private const int Magic = 0x4D4D4730; // "0GMM"

    public static byte[] Encode(GaussianMixtureModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write((int)model.CovarianceType);
            writer.Write(model.ComponentCount);
            writer.Write(model.Dimension);
            Write(writer, model.WeightsSpan);
            Write(writer, model.MeansSpan);
            Write(writer, model.CovariancesSpan);
        }
        return stream.ToArray();
    }

    public static GaussianMixtureModel Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("Not a model message.");
        var type = (CovarianceType)reader.ReadInt32();
        int k = reader.ReadInt32(), d = reader.ReadInt32();
        var weights = Read(reader, k);
        var means = Read(reader, k * d);
        var covariances = Read(reader, SufficientStatistics.SecondOrderLength(type, k, d));
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    /// <summary>The bytes' SHA-256, as 32 hex digits: names the model a node holds and a statistics reply was taken under.</summary>
    public static string Fingerprint(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes), 0, 16);

    internal static void Write(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        foreach (double v in values) writer.Write(v);
    }

    internal static double[] Read(BinaryReader reader, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadDouble();
        return values;
    }
}
