using System.Buffers.Binary;

namespace Gmm.Speech.Archives;

/// <summary>
/// Kaldi's lossy compressed matrices (compressed-matrix.cc), bit for bit: decoding of the three formats, and encoding
/// with Kaldi's automatic method (copy-feats --compress): CM for more than 8 rows — per column, the 0th, 25th, 75th and
/// 100th percentiles as 16-bit codes of the global range and one byte per value, piecewise linear between them — and CM2
/// (16-bit codes of the global range) otherwise. Float32 arithmetic in Kaldi's order, including its double constants.
/// </summary>
internal static class CompressedMatrix
{
    /// <summary>Decodes <paramref name="data"/> (<see cref="CompressedHeader.DataSize"/> bytes) into rows × columns floats.</summary>
    public static float[] Decode(CompressedHeader h, ReadOnlySpan<byte> data)
    {
        var values = new float[(long)h.Rows * h.Columns];
        if (h.Format == 1)
        {
            var bytes = data[(8 * h.Columns)..];
            for (int c = 0; c < h.Columns; c++)
            {
                var col = data.Slice(8 * c, 8);
                float p0 = CodeToFloat(h, BinaryPrimitives.ReadUInt16LittleEndian(col)),
                    p25 = CodeToFloat(h, BinaryPrimitives.ReadUInt16LittleEndian(col[2..])),
                    p75 = CodeToFloat(h, BinaryPrimitives.ReadUInt16LittleEndian(col[4..])),
                    p100 = CodeToFloat(h, BinaryPrimitives.ReadUInt16LittleEndian(col[6..]));
                var column = bytes.Slice(c * h.Rows, h.Rows);   // column-major bytes
                for (int r = 0; r < h.Rows; r++) values[(long)r * h.Columns + c] = CharToFloat(p0, p25, p75, p100, column[r]);
            }
        }
        else if (h.Format == 2)
        {
            float increment = (float)(h.Range * (1.0 / 65535.0));
            for (int i = 0; i < values.Length; i++) values[i] = h.MinValue + BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) * increment;
        }
        else
        {
            float increment = (float)(h.Range * (1.0 / 255.0));
            for (int i = 0; i < values.Length; i++) values[i] = h.MinValue + data[i] * increment;
        }
        return values;
    }

    /// <summary>Encodes a matrix with Kaldi's automatic method: CM for more than 8 rows, CM2 otherwise.</summary>
    public static (CompressedHeader Header, byte[] Data) Encode(FeatureMatrix matrix)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in matrix.Values)
        {
            if (!float.IsFinite(v)) throw new ArgumentException("cannot compress a matrix holding NaN or infinity.", nameof(matrix));
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (matrix.Values.Length == 0) min = max = 0;
        if (max == min) max = min + (1.0f + Math.Abs(min));   // Kaldi: a constant matrix still gets a positive range
        var h = new CompressedHeader(matrix.Rows > 8 ? 1 : 2, min, max - min, matrix.Rows, matrix.Columns);
        var data = new byte[h.DataSize];
        if (h.Format == 2)
        {
            for (int i = 0; i < matrix.Values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2 * i), FloatToUInt16(h, matrix.Values[i]));
            return (h, data);
        }
        var column = new float[matrix.Rows];
        var sorted = new float[matrix.Rows];
        for (int c = 0; c < matrix.Columns; c++)
        {
            for (int r = 0; r < matrix.Rows; r++) column[r] = matrix[r, c];
            column.CopyTo(sorted, 0);
            Array.Sort(sorted);
            var (q0, q25, q75, q100) = Percentiles(h, sorted);
            var col = data.AsSpan(8 * c, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(col, q0);
            BinaryPrimitives.WriteUInt16LittleEndian(col[2..], q25);
            BinaryPrimitives.WriteUInt16LittleEndian(col[4..], q75);
            BinaryPrimitives.WriteUInt16LittleEndian(col[6..], q100);
            float p0 = CodeToFloat(h, q0), p25 = CodeToFloat(h, q25), p75 = CodeToFloat(h, q75), p100 = CodeToFloat(h, q100);
            var bytes = data.AsSpan(8 * matrix.Columns + c * matrix.Rows, matrix.Rows);
            for (int r = 0; r < matrix.Rows; r++) bytes[r] = FloatToChar(p0, p25, p75, p100, column[r]);
        }
        return (h, data);
    }

    // ComputeColHeader: the order statistics at 0, n/4, 3n/4 and n−1 (n ≥ 5), kept strictly increasing.
    private static (ushort, ushort, ushort, ushort) Percentiles(CompressedHeader h, float[] sorted)
    {
        int n = sorted.Length, quarter = n / 4;
        ushort q0 = Math.Min(FloatToUInt16(h, sorted[0]), (ushort)65532);
        if (n >= 5)
        {
            ushort q25 = Math.Min(Math.Max(FloatToUInt16(h, sorted[quarter]), (ushort)(q0 + 1)), (ushort)65533);
            ushort q75 = Math.Min(Math.Max(FloatToUInt16(h, sorted[3 * quarter]), (ushort)(q25 + 1)), (ushort)65534);
            ushort q100 = Math.Max(FloatToUInt16(h, sorted[n - 1]), (ushort)(q75 + 1));
            return (q0, q25, q75, q100);
        }
        ushort p25 = n > 1 ? Math.Min(Math.Max(FloatToUInt16(h, sorted[1]), (ushort)(q0 + 1)), (ushort)65533) : (ushort)(q0 + 1);
        ushort p75 = n > 2 ? Math.Min(Math.Max(FloatToUInt16(h, sorted[2]), (ushort)(p25 + 1)), (ushort)65534) : (ushort)(p25 + 1);
        ushort p100 = n > 3 ? Math.Max(FloatToUInt16(h, sorted[3]), (ushort)(p75 + 1)) : (ushort)(p75 + 1);
        return (q0, p25, p75, p100);
    }

    private static ushort FloatToUInt16(CompressedHeader h, float value)
    {
        float f = (value - h.MinValue) / h.Range;
        f = Math.Clamp(f, 0f, 1f);
        return (ushort)(int)((double)(f * 65535) + 0.499);
    }

    private static float CodeToFloat(CompressedHeader h, ushort code) => h.MinValue + h.Range * 1.52590218966964e-05F * code;

    private static byte FloatToChar(float p0, float p25, float p75, float p100, float value)
    {
        int answer;
        if (value < p25)
        {
            float f = (value - p0) / (p25 - p0);
            answer = Math.Clamp((int)((double)(f * 64) + 0.5), 0, 64);
        }
        else if (value < p75)
        {
            float f = (value - p25) / (p75 - p25);
            answer = Math.Clamp(64 + (int)((double)(f * 128) + 0.5), 64, 192);
        }
        else
        {
            float f = (value - p75) / (p100 - p75);
            answer = Math.Clamp(192 + (int)((double)(f * 63) + 0.5), 192, 255);
        }
        return (byte)answer;
    }

    private static float CharToFloat(float p0, float p25, float p75, float p100, byte value) =>
        value <= 64 ? (float)(p0 + (double)((p25 - p0) * value) * (1 / 64.0))
        : value <= 192 ? (float)(p25 + (double)((p75 - p25) * (value - 64)) * (1 / 128.0))
        : (float)(p75 + (double)((p100 - p75) * (value - 192)) * (1 / 63.0));
}
