using System.Buffers.Binary;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// HTK parameter files (.htk, .mfc): a 12-byte big-endian header (nSamples int32, sampPeriod int32 in 100 ns units,
/// sampSize int16 bytes per frame, parmKind int16 = base kind in the low 6 bits plus qualifier flags), then frames of
/// big-endian float32. Compressed files (_C) hold int16 frames after two float vectors A and B (x = (c + B) / A) and
/// count those vectors as 4 extra frames; _K appends a 2-byte CRC, which is skipped.
/// </summary>
internal static class HtkFormat
{
    public const int HeaderSize = 12;

    /// <summary>Qualifier flags of parmKind (HTK book, section 5.10.1).</summary>
    [Flags]
    public enum Qualifiers
    {
        None = 0,
        E = 0x40, N = 0x80, D = 0x100, A = 0x200, C = 0x400, Z = 0x800, K = 0x1000, Zero = 0x2000, V = 0x4000, T = 0x8000,
    }

    private static readonly string[] BaseKinds =
        ["WAVEFORM", "LPC", "LPREFC", "LPCEPSTRA", "LPDELCEP", "IREFC", "MFCC", "FBANK", "MELSPEC", "USER", "DISCRETE", "PLP"];

    /// <summary>A parsed header.</summary>
    public sealed record Header(int SampleCount, int SamplePeriod, int SampleSize, int ParameterKind)
    {
        public int BaseKind => ParameterKind & 0x3F;
        public Qualifiers Flags => (Qualifiers)(ParameterKind & ~0x3F);
        public bool IsCompressed => Flags.HasFlag(Qualifiers.C);
        public bool HasCrc => Flags.HasFlag(Qualifiers.K);

        /// <summary>Features per frame.</summary>
        public int Dimension => IsCompressed ? SampleSize / 2 : SampleSize / 4;

        /// <summary>Frames of data (for compressed files, without the 4 frames that hold A and B).</summary>
        public int FrameCount => IsCompressed ? SampleCount - 4 : SampleCount;

        /// <summary>HTK's name of the kind, e.g. MFCC_E_D_A_Z.</summary>
        public string KindName
        {
            get
            {
                string name = BaseKind < BaseKinds.Length ? BaseKinds[BaseKind] : $"KIND{BaseKind}";
                foreach (var (flag, suffix) in new[] { (Qualifiers.E, "_E"), (Qualifiers.N, "_N"), (Qualifiers.D, "_D"), (Qualifiers.A, "_A"),
                    (Qualifiers.C, "_C"), (Qualifiers.Z, "_Z"), (Qualifiers.K, "_K"), (Qualifiers.Zero, "_0"), (Qualifiers.V, "_V"), (Qualifiers.T, "_T") })
                    if (Flags.HasFlag(flag)) name += suffix;
                return name;
            }
        }

        /// <summary>Expected file length in bytes.</summary>
        public long ExpectedLength => HeaderSize
            + (IsCompressed ? 2L * Dimension * 4 + (long)FrameCount * SampleSize : (long)SampleCount * SampleSize)
            + (HasCrc ? 2 : 0);
    }

    public static Header ParseHeader(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadInt32BigEndian(bytes),
        BinaryPrimitives.ReadInt32BigEndian(bytes[4..]),
        BinaryPrimitives.ReadInt16BigEndian(bytes[8..]),
        (ushort)BinaryPrimitives.ReadInt16BigEndian(bytes[10..]));

    /// <summary>Reads a whole file into n×d float32 values.</summary>
    public static (float[] Values, Header Header) Read(string path, byte[] bytes)
    {
        if (bytes.Length < HeaderSize)
            throw new CliException($"{path}: malformed HTK file: {bytes.Length} bytes is shorter than the 12-byte header.");
        var h = ParseHeader(bytes);
        if (h.BaseKind is 0 or 10)
            throw new CliException($"{path}: HTK parameter kind {h.KindName} (int16 {(h.BaseKind == 0 ? "waveform samples" : "VQ indices")}) is not supported; convert to float features first.");
        if (h.Flags.HasFlag(Qualifiers.V))
            throw new CliException($"{path}: HTK parameter kind {h.KindName} with attached VQ indices (_V) is not supported.");
        if (h.SampleSize <= 0 || h.SampleSize % (h.IsCompressed ? 2 : 4) != 0)
            throw new CliException($"{path}: malformed HTK header: sampSize {h.SampleSize} is not a positive multiple of {(h.IsCompressed ? 2 : 4)} bytes.");
        if (h.FrameCount < 1)
            throw new CliException($"{path}: HTK file holds no frames (nSamples = {h.SampleCount}{(h.IsCompressed ? ", of which 4 are the compression vectors" : "")}).");
        if (bytes.Length != h.ExpectedLength)
            throw new CliException($"{path}: malformed HTK file: header ({h.KindName}, {h.SampleCount} samples of {h.SampleSize} bytes) implies {h.ExpectedLength} bytes but the file has {bytes.Length}.");

        int d = h.Dimension, n = h.FrameCount;
        var values = new float[(long)n * d];
        var body = bytes.AsSpan(HeaderSize);
        if (!h.IsCompressed)
        {
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * i)..]);
        }
        else
        {
            var scale = new float[d];
            var bias = new float[d];
            for (int j = 0; j < d; j++)
            {
                scale[j] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * j)..]);
                bias[j] = BinaryPrimitives.ReadSingleBigEndian(body[(4 * (d + j))..]);
                if (scale[j] == 0 || !float.IsFinite(scale[j]))
                    throw new CliException($"{path}: malformed compressed HTK file: scale A[{j}] = {scale[j]}.");
            }
            var frames = body[(8 * d)..];
            for (int i = 0; i < values.Length; i++)
                values[i] = (BinaryPrimitives.ReadInt16BigEndian(frames[(2 * i)..]) + bias[i % d]) / scale[i % d];
        }
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new CliException($"{path}: {DataLocation.At(i / d, i % d)} (frame {i / d}) holds {values[i]}; remove or impute non-finite values.");
        return (values, h);
    }
}
