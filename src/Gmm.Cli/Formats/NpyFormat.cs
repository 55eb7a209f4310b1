using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>NumPy .npy header reading and writing (format versions 1, 2 and 3; little-endian float32/float64, C order).</summary>
internal static class NpyFormat
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>What a .npy header says.</summary>
    /// <param name="DataOffset">Byte offset of the first element.</param>
    /// <param name="Descr">dtype descriptor, e.g. "&lt;f4".</param>
    /// <param name="ElementSize">Bytes per element.</param>
    /// <param name="Shape">Array shape.</param>
    /// <param name="FortranOrder">True for column-major data.</param>
    public sealed record Header(long DataOffset, string Descr, int ElementSize, long[] Shape, bool FortranOrder)
    {
        /// <summary>Rows n: shape[0] (1 for a 0-d array).</summary>
        public long Rows => Shape.Length == 0 ? 1 : Shape[0];

        /// <summary>Columns d: shape[1] for 2-d, 1 for 1-d.</summary>
        public long Columns => Shape.Length >= 2 ? Shape[1] : 1;

        /// <summary>True for float32 elements.</summary>
        public bool IsSingle => Descr[^1] == '4';
    }

    /// <summary>Reads and checks the header of <paramref name="path"/>; the data must be a 1-d or 2-d float32/float64 C-order array.</summary>
    public static Header ReadHeader(string path, Stream stream)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false) < 10 || !prefix[..6].SequenceEqual(Magic))
            throw new CliException($"{path}: not a .npy file (missing the \\x93NUMPY magic); save arrays with numpy.save.");
        byte major = prefix[6];
        long headerLength, offset;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
                offset = 10;
                break;
            case 2:
            case 3:
                if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
                    throw new CliException($"{path}: malformed .npy file: truncated header.");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
                offset = 12;
                break;
            default:
                throw new CliException($"{path}: unsupported .npy format version {major}.{prefix[7]} (1, 2 and 3 are supported).");
        }
        if (headerLength > 1 << 20)
            throw new CliException($"{path}: malformed .npy file: header length {headerLength} is implausible.");
        var bytes = new byte[headerLength];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
            throw new CliException($"{path}: malformed .npy file: truncated header.");
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes);

        var descr = NpyHeaderText.Descr(text);
        var fortran = NpyHeaderText.FortranOrder(text);
        var shape = NpyHeaderText.Shape(text);
        if (descr is null || fortran is null || shape is null)
            throw new CliException($"{path}: malformed .npy header (expected 'descr', 'fortran_order' and 'shape' keys): {text.Trim()}");
        int size = descr switch
        {
            "<f4" or "=f4" or "f4" => 4,
            "<f8" or "=f8" or "f8" => 8,
            ">f4" or ">f8" => throw new CliException($"{path}: big-endian .npy data ('{descr}') is not supported; convert with arr.astype('<f{descr[^1]}')."),
            _ => throw new CliException($"{path}: .npy dtype '{descr}' is not supported; the tool reads float32 ('<f4') and float64 ('<f8') arrays (convert with arr.astype(np.float32))."),
        };
        var dims = new List<long>();
        foreach (var part in shape.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                throw new CliException($"{path}: malformed .npy header: shape entry '{part}' is not a number.");
            dims.Add(value);
        }
        if (dims.Count is 0 or > 2)
            throw new CliException($"{path}: .npy array has shape ({string.Join(", ", dims)}); expected a 1-d (n,) or 2-d (n, d) array.");
        bool isFortran = fortran == "True";
        if (isFortran && dims.Count == 2 && dims[0] > 1 && dims[1] > 1)
            throw new CliException($"{path}: .npy array is in Fortran (column-major) order; save np.ascontiguousarray(arr) instead.");
        return new Header(offset + headerLength, "<f" + size, size, [.. dims], isFortran);
    }

    /// <summary>Writes a version 1 header (version 2 when it would not fit) for a C-order array, padded to 64 bytes.</summary>
    public static void WriteHeader(Stream stream, string descr, long[] shape)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        bool v2 = dict.Length + 12 > ushort.MaxValue;
        int preamble = v2 ? 12 : 10;
        int total = preamble + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        stream.Write(Magic);
        stream.WriteByte(v2 ? (byte)2 : (byte)1);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        if (v2)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
            stream.Write(length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            stream.Write(length[..2]);
        }
        stream.Write(Encoding.Latin1.GetBytes(header));
    }
}
