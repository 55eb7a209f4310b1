using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Gmm.Speech.Archives;

/// <summary>
/// Writes a Kaldi archive (.ark) utterance by utterance, and optionally its script (.scp) with each matrix's byte offset
/// ("KEY ARCHIVE:OFFSET"), as copy-feats ark,scp:... does. Keys must be non-empty and free of whitespace.
/// </summary>
public sealed class KaldiArchiveWriter : IDisposable
{
    private readonly FileStream _archive;
    private readonly StreamWriter? _script;
    private readonly string _archivePath;
    private readonly KaldiMatrixFormat _format;

    /// <summary>Creates (or replaces) <paramref name="archivePath"/> and, when given, <paramref name="scriptPath"/>.</summary>
    public KaldiArchiveWriter(string archivePath, KaldiMatrixFormat format = KaldiMatrixFormat.Float, string? scriptPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "unknown matrix format.");
        _archivePath = archivePath;
        _format = format;
        _archive = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            _script = scriptPath is null ? null : new StreamWriter(scriptPath, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        }
        catch
        {
            _archive.Dispose();
            throw;
        }
    }

    /// <summary>Appends one utterance.</summary>
    /// <exception cref="ArgumentException">An empty key or one with whitespace; non-finite values for the compressed format.</exception>
    public void Write(string key, FeatureMatrix matrix)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(matrix);
        if (key.Any(char.IsWhiteSpace)) throw new ArgumentException($"utterance key '{key}' contains whitespace; Kaldi keys cannot.", nameof(key));
        _archive.Write(Encoding.UTF8.GetBytes(key + " "));
        long offset = _archive.Position;
        _archive.Write(Encode(matrix, _format));
        _script?.WriteLine($"{key} {_archivePath}:{offset.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The bytes of one matrix object (after "KEY ") in <paramref name="format"/>.</summary>
    public static byte[] Encode(FeatureMatrix matrix, KaldiMatrixFormat format)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        switch (format)
        {
            case KaldiMatrixFormat.Float:
            {
                var bytes = new byte[2 + 3 + 10 + 4L * matrix.Values.Length];
                "\0BFM "u8.CopyTo(bytes);
                WriteInt32(bytes.AsSpan(5), matrix.Rows);
                WriteInt32(bytes.AsSpan(10), matrix.Columns);
                for (int i = 0; i < matrix.Values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(15 + 4 * i), matrix.Values[i]);
                return bytes;
            }
            case KaldiMatrixFormat.Compressed:
            {
                var (h, data) = matrix.Rows == 0 || matrix.Columns == 0
                    ? (new CompressedHeader(1, 0, 0, 0, 0), Array.Empty<byte>())
                    : CompressedMatrix.Encode(matrix);
                byte[] token = Encoding.ASCII.GetBytes("\0B" + h.Token + " ");
                var bytes = new byte[token.Length + CompressedHeader.Size + data.Length];
                token.CopyTo(bytes, 0);
                var header = bytes.AsSpan(token.Length);
                BinaryPrimitives.WriteSingleLittleEndian(header, h.MinValue);
                BinaryPrimitives.WriteSingleLittleEndian(header[4..], h.Range);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], h.Rows);
                BinaryPrimitives.WriteInt32LittleEndian(header[12..], h.Columns);
                data.CopyTo(bytes, token.Length + CompressedHeader.Size);
                return bytes;
            }
            case KaldiMatrixFormat.Text:
            {
                var text = new StringBuilder(matrix.Columns == 0 ? " [ ]\n" : " [");
                if (matrix.Columns > 0)
                {
                    for (int r = 0; r < matrix.Rows; r++)
                    {
                        text.Append("\n  ");
                        foreach (float v in matrix.Row(r)) text.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(' ');
                    }
                    text.Append("]\n");
                }
                return Encoding.ASCII.GetBytes(text.ToString());
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown matrix format.");
        }
    }

    private static void WriteInt32(Span<byte> destination, int value)
    {
        destination[0] = 4;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _archive.Dispose();
        _script?.Dispose();
    }
}
