using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Gmm.Speech.Archives;

/// <summary>
/// Reads Kaldi matrices from a seekable stream (kaldi-matrix.cc, compressed-matrix.cc, io-funcs.cc): binary objects
/// ("\0B" then FM, DM, CM, CM2 or CM3; sizes as a 1-byte length 4 and a little-endian int32) and text objects
/// ("[ row \n row ]"). Errors name the file, the utterance key and the byte offset.
/// </summary>
internal sealed class KaldiObjectReader(Stream stream, string path)
{
    public Stream Stream { get; } = stream;
    public string Path { get; } = path;

    /// <summary>Reads the matrix starting at the current position (binary or text).</summary>
    public FeatureMatrix ReadMatrix(string? key)
    {
        return IsBinaryMarker(key) ? ReadBinary(key, skip: false).Matrix! : ReadText(key, keep: true).Matrix!;
    }

    /// <summary>Reads only the size of the matrix at the current position and moves past it.</summary>
    public (int Rows, int Columns) SkipMatrix(string? key)
    {
        var read = IsBinaryMarker(key) ? ReadBinary(key, skip: true) : ReadText(key, keep: false);
        return (read.Rows, read.Columns);
    }

    /// <summary>Consumes "\0B" when it is next and says whether it was (Kaldi's InitKaldiInputStream).</summary>
    private bool IsBinaryMarker(string? key)
    {
        int first = Stream.ReadByte();
        if (first == 0)
        {
            if (Stream.ReadByte() != 'B') throw Bad("a binary object must start with \"\\0B\".", key, Stream.Position - 2);
            return true;
        }
        if (first >= 0) Stream.Seek(-1, SeekOrigin.Current);
        return false;
    }

    private (FeatureMatrix? Matrix, int Rows, int Columns) ReadBinary(string? key, bool skip)
    {
        long at = Stream.Position;
        string token = ReadToken(key);
        switch (token)
        {
            case "FM" or "DM":
            {
                int rows = ReadInt32(key), columns = ReadInt32(key);
                if (rows < 0 || columns < 0)
                    throw Bad($"{token} matrix of {rows} × {columns} has a negative size.", key, at);
                int width = token == "FM" ? 4 : 8;
                long bytes = (long)rows * columns * width;
                if (Stream.Position + bytes > Stream.Length)
                    throw Bad($"truncated: the {token} matrix of {rows} × {columns} needs {bytes} bytes but {Stream.Length - Stream.Position} remain.", key, at);
                if (skip)
                {
                    Stream.Seek(bytes, SeekOrigin.Current);
                    return (null, rows, columns);
                }
                var raw = new byte[bytes];
                Stream.ReadExactly(raw);
                var values = new float[(long)rows * columns];
                if (width == 4)
                    for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i));
                else
                    for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(8 * i));
                return (Checked(values, rows, columns, key, at), rows, columns);
            }
            case "CM" or "CM2" or "CM3":
            {
                var headerBytes = new byte[CompressedHeader.Size];
                if (Stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length) throw Bad($"truncated {token} header.", key, at);
                var h = new CompressedHeader(token == "CM" ? 1 : token == "CM2" ? 2 : 3,
                    BinaryPrimitives.ReadSingleLittleEndian(headerBytes), BinaryPrimitives.ReadSingleLittleEndian(headerBytes.AsSpan(4)),
                    BinaryPrimitives.ReadInt32LittleEndian(headerBytes.AsSpan(8)), BinaryPrimitives.ReadInt32LittleEndian(headerBytes.AsSpan(12)));
                if (h.Columns == 0) return (FeatureMatrix.Empty, 0, 0);   // Kaldi writes an empty matrix as a zero header
                if (h.Rows <= 0 || h.Columns < 0 || !float.IsFinite(h.MinValue) || !float.IsFinite(h.Range))
                    throw Bad($"{token} header is invalid: {h.Rows} × {h.Columns}, min {h.MinValue}, range {h.Range}.", key, at);
                if (Stream.Position + h.DataSize > Stream.Length)
                    throw Bad($"truncated: the {token} matrix of {h.Rows} × {h.Columns} needs {h.DataSize} bytes after its header but {Stream.Length - Stream.Position} remain.", key, at);
                if (skip)
                {
                    Stream.Seek(h.DataSize, SeekOrigin.Current);
                    return (null, h.Rows, h.Columns);
                }
                var data = new byte[h.DataSize];
                Stream.ReadExactly(data);
                return (Checked(CompressedMatrix.Decode(h, data), h.Rows, h.Columns, key, at), h.Rows, h.Columns);
            }
            default:
                throw Bad($"expected a matrix token (FM, DM, CM, CM2 or CM3), got '{token}'; only feature matrices are read.", key, at);
        }
    }

    private (FeatureMatrix? Matrix, int Rows, int Columns) ReadText(string? key, bool keep)
    {
        long start = Stream.Position;
        int c;
        while ((c = Stream.ReadByte()) is ' ' or '\t' or '\n' or '\r') { }
        if (c != '[') throw Bad(c < 0 ? "expected '[' (a text matrix), got the end of the file." : $"expected '[' (a text matrix) or \"\\0B\" (a binary one), got '{(char)c}'.", key, Stream.Position - 1);
        var values = keep ? new List<float>() : null;
        int columns = -1, rows = 0, current = 0;
        var number = new StringBuilder();
        while (true)
        {
            long at = Stream.Position;
            c = Stream.ReadByte();
            if (c < 0) throw Bad("truncated text matrix: the end of the file came before ']'.", key, at);
            if (c is ']' or '\n' or ';')
            {
                if (current > 0)
                {
                    if (columns >= 0 && current != columns)
                        throw Bad($"text matrix row {rows} has {current} values but the rows before it have {columns}.", key, at);
                    columns = current;
                    rows++;
                    current = 0;
                }
                if (c != ']') continue;
                if (Stream.ReadByte() is int next && next >= 0 && next != '\n') Stream.Seek(-1, SeekOrigin.Current);
                if (rows == 0) return (FeatureMatrix.Empty, 0, 0);
                return (keep ? Checked(values!.ToArray(), rows, columns, key, start) : null, rows, columns);
            }
            if (c is ' ' or '\t' or '\r') continue;
            number.Clear();
            while (c >= 0 && c is not (' ' or '\t' or '\r' or '\n' or ']' or ';'))
            {
                number.Append((char)c);
                c = Stream.ReadByte();
            }
            if (c >= 0) Stream.Seek(-1, SeekOrigin.Current);
            if (!float.TryParse(number.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                throw Bad($"text matrix holds '{number}' where a finite number was expected.", key, at);
            values?.Add(value);
            current++;
        }
    }

    /// <summary>A whitespace-free token and the one space after it (Kaldi's ReadToken).</summary>
    public string ReadToken(string? key)
    {
        long at = Stream.Position;
        var token = new StringBuilder();
        int c;
        while ((c = Stream.ReadByte()) > ' ') token.Append((char)c);
        if (c < 0 && token.Length == 0) throw Bad("truncated: the file ends where a token was expected.", key, at);
        if (c is not (' ' or '\t' or '\n')) throw Bad($"a token must end with a space, not byte {c}.", key, Stream.Position - 1);
        return token.ToString();
    }

    private int ReadInt32(string? key)
    {
        long at = Stream.Position;
        Span<byte> buffer = stackalloc byte[5];
        if (Stream.ReadAtLeast(buffer, 5, throwOnEndOfStream: false) < 5) throw Bad("truncated: the file ends inside a matrix size.", key, at);
        if (buffer[0] != 4) throw Bad($"expected a 4-byte integer (size byte 4), got size byte {buffer[0]}.", key, at);
        return BinaryPrimitives.ReadInt32LittleEndian(buffer[1..]);
    }

    private FeatureMatrix Checked(float[] values, int rows, int columns, string? key, long at)
    {
        if (values.Length > 0 && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(values))
        {
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            throw Bad($"row {bad / columns}, column {bad % columns} holds {values[bad]}; features must be finite.", key, at);
        }
        return new FeatureMatrix(rows, columns, values);
    }

    public FeatureFormatException Bad(string problem, string? key, long offset) => new(Path, problem, key, offset);
}
