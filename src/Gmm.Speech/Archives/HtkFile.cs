using System.Buffers.Binary;

namespace Gmm.Speech.Archives;

/// <summary>
/// HTK parameter files (HParm.c), big-endian: the header, then frames of float32; or, compressed (_C), the per-column
/// scale A and offset B (float32, counted as 4 frames) then int16 frames, x = (c + B)/A; with _K, a 16-bit checksum of the
/// 16-bit words after the header (crc = (crc·65536 + w) mod 36897 from 0, HTK's UpdateCRCC) closes the file.
/// </summary>
public static class HtkFile
{
    /// <summary>Reads <paramref name="path"/>: frames × features, and the header.</summary>
    /// <exception cref="FeatureFormatException">A malformed or damaged file (the message names it and the problem).</exception>
    public static (FeatureMatrix Features, HtkHeader Header) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(path, File.ReadAllBytes(path));
    }

    /// <summary>Reads the bytes of an HTK file; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="FeatureFormatException">A malformed or damaged file.</exception>
    public static (FeatureMatrix Features, HtkHeader Header) Read(string path, ReadOnlySpan<byte> bytes)
    {
        var h = ReadHeader(path, bytes);
        int d = h.Dimension, n = h.FrameCount;
        var body = bytes[HtkHeader.Size..];
        if (h.Kind.Has(HtkParameterKind.Checksum))
        {
            ushort stored = BinaryPrimitives.ReadUInt16BigEndian(bytes[^2..]);
            ushort computed = Checksum(body[..^2]);
            if (stored != computed)
                throw new FeatureFormatException(path, $"checksum mismatch (_K): the file stores {stored} but its data gives {computed}; the file is damaged.", byteOffset: bytes.Length - 2);
        }
        var values = new float[(long)n * d];
        if (!h.Kind.Has(HtkParameterKind.Compressed))
        {
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * i)..]);
        }
        else
        {
            var scale = new float[d];
            var offset = new float[d];
            for (int j = 0; j < d; j++)
            {
                scale[j] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * j)..]);
                offset[j] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * (d + j))..]);
                if (scale[j] == 0 || !float.IsFinite(scale[j]) || !float.IsFinite(offset[j]))
                    throw new FeatureFormatException(path, $"compressed HTK file has scale A[{j}] = {scale[j]}, offset B[{j}] = {offset[j]}; A must be finite and non-zero.", byteOffset: HtkHeader.Size + 4 * j);
            }
            var frames = body[(8 * d)..];
            for (int i = 0; i < values.Length; i++)
                values[i] = (BinaryPrimitives.ReadInt16BigEndian(frames[(2 * i)..]) + offset[i % d]) / scale[i % d];
        }
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new FeatureFormatException(path, $"frame {i / d}, feature {i % d} holds {values[i]}; features must be finite.", byteOffset: HtkHeader.Size + 4L * i);
        return (new FeatureMatrix(n, d, values), h);
    }

    /// <summary>Parses and checks the header of an HTK file of <paramref name="bytes"/>.Length bytes (the span needs only the header when <paramref name="fileLength"/> is given).</summary>
    /// <exception cref="FeatureFormatException">A header that is malformed or does not match the file's length.</exception>
    public static HtkHeader ReadHeader(string path, ReadOnlySpan<byte> bytes, long? fileLength = null)
    {
        long length = fileLength ?? bytes.Length;
        if (bytes.Length < HtkHeader.Size)
            throw new FeatureFormatException(path, $"malformed HTK file: {length} bytes is shorter than the 12-byte header.", byteOffset: 0);
        var h = new HtkHeader(BinaryPrimitives.ReadInt32BigEndian(bytes), BinaryPrimitives.ReadInt32BigEndian(bytes[4..]),
            BinaryPrimitives.ReadInt16BigEndian(bytes[8..]), new HtkParameterKind(BinaryPrimitives.ReadUInt16BigEndian(bytes[10..])));
        bool compressed = h.Kind.Has(HtkParameterKind.Compressed);
        if (h.Kind.BaseKind is 0 or 10)
            throw new FeatureFormatException(path, $"HTK parameter kind {h.Kind} ({(h.Kind.BaseKind == 0 ? "waveform samples" : "VQ indices")}) is not supported; convert to float features first.", byteOffset: 10);
        if (h.Kind.Has(HtkParameterKind.VectorQuantised))
            throw new FeatureFormatException(path, $"HTK parameter kind {h.Kind} with attached VQ indices (_V) is not supported.", byteOffset: 10);
        if (h.SampleSize <= 0 || h.SampleSize % (compressed ? 2 : 4) != 0)
            throw new FeatureFormatException(path, $"malformed HTK header: sampSize {h.SampleSize} is not a positive multiple of {(compressed ? 2 : 4)} bytes.", byteOffset: 8);
        if (h.FrameCount < 1)
            throw new FeatureFormatException(path, $"HTK file holds no frames (nSamples = {h.SampleCount}{(compressed ? ", of which 4 are the compression vectors" : "")}).", byteOffset: 0);
        if (length != h.ExpectedLength)
            throw new FeatureFormatException(path, $"malformed HTK file: the header ({h.Kind}, {h.SampleCount} samples of {h.SampleSize} bytes) implies {h.ExpectedLength} bytes but the file has {length}{(length < h.ExpectedLength ? " (truncated?)" : "")}.", byteOffset: 0);
        return h;
    }

    /// <summary>
    /// Writes <paramref name="features"/> as an HTK file of kind <paramref name="kind"/> (its _C and _K flags are set from
    /// <paramref name="compress"/> and <paramref name="checksum"/>); <paramref name="samplePeriod"/> in 100 ns units.
    /// Compression uses HTK's per-column A = 2·32767/(max − min), B = (max + min)·32767/(max − min).
    /// </summary>
    /// <exception cref="ArgumentException">No frames, non-finite values, or a frame too wide for HTK's 16-bit sample size.</exception>
    public static void Write(string path, FeatureMatrix features, HtkParameterKind kind, int samplePeriod = 100000, bool compress = false, bool checksum = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Encode(features, kind, samplePeriod, compress, checksum);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The bytes <see cref="Write"/> writes.</summary>
    public static byte[] Encode(FeatureMatrix features, HtkParameterKind kind, int samplePeriod = 100000, bool compress = false, bool checksum = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rows == 0) throw new ArgumentException("HTK files hold at least one frame; the matrix has none.", nameof(features));
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(features.Values)) throw new ArgumentException("features must be finite.", nameof(features));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplePeriod);
        int d = features.Columns, n = features.Rows, sampleSize = (compress ? 2 : 4) * d;
        if (sampleSize > short.MaxValue) throw new ArgumentException($"{d} features per frame is too wide for HTK's 16-bit sample size.", nameof(features));
        kind = kind.With(HtkParameterKind.Compressed, compress).With(HtkParameterKind.Checksum, checksum);
        var header = new HtkHeader(compress ? n + 4 : n, samplePeriod, sampleSize, kind);
        var bytes = new byte[header.ExpectedLength];
        BinaryPrimitives.WriteInt32BigEndian(bytes, header.SampleCount);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), samplePeriod);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(8), (short)sampleSize);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), kind.Code);
        var body = bytes.AsSpan(HtkHeader.Size);
        if (!compress)
        {
            for (int i = 0; i < features.Values.Length; i++) BinaryPrimitives.WriteSingleBigEndian(body[(4 * i)..], features.Values[i]);
        }
        else
        {
            var (scale, offset) = CompressionVectors(features);
            for (int j = 0; j < d; j++)
            {
                BinaryPrimitives.WriteSingleBigEndian(body[(4 * j)..], scale[j]);
                BinaryPrimitives.WriteSingleBigEndian(body[(4 * (d + j))..], offset[j]);
            }
            var frames = body[(8 * d)..];
            for (int i = 0; i < features.Values.Length; i++)
            {
                float x = features.Values[i] * scale[i % d] - offset[i % d];
                int code = (int)(x < 0 ? x - 0.5 : x + 0.5);   // HTK rounds in double
                BinaryPrimitives.WriteInt16BigEndian(frames[(2 * i)..], (short)Math.Clamp(code, -32767, 32767));
            }
        }
        if (checksum) BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(bytes.Length - 2), Checksum(body[..^2]));
        return bytes;
    }

    /// <summary>HTK's UpdateCRCC over the big-endian 16-bit words of <paramref name="data"/>.</summary>
    internal static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        for (int i = 0; i + 1 < data.Length; i += 2) crc = (crc * 65536 + BinaryPrimitives.ReadUInt16BigEndian(data[i..])) % 36897;
        return (ushort)crc;
    }

    private static (float[] Scale, float[] Offset) CompressionVectors(FeatureMatrix features)
    {
        int d = features.Columns;
        var min = features.Row(0).ToArray();
        var max = features.Row(0).ToArray();
        for (int r = 1; r < features.Rows; r++)
        {
            var row = features.Row(r);
            for (int j = 0; j < d; j++)
            {
                min[j] = Math.Min(min[j], row[j]);
                max[j] = Math.Max(max[j], row[j]);
            }
        }
        var scale = new float[d];
        var offset = new float[d];
        for (int j = 0; j < d; j++)
        {
            if (max[j] - min[j] == 0) (scale[j], offset[j]) = (1f, max[j]);
            else (scale[j], offset[j]) = ((float)(2.0 * 32767.0 / (max[j] - min[j])), (float)((max[j] + min[j]) * 32767.0 / (max[j] - min[j])));
        }
        return (scale, offset);
    }
}
