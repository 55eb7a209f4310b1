using System.Buffers.Binary;
using System.Text;

namespace Gmm.Tests.Speech;

/// <summary>Writes WAV bytes of any encoding the reader supports (and some it must refuse), for tests.</summary>
public static class WaveBuilder
{
    /// <summary>A WAV file: int16-scale <paramref name="samples"/> (frames × channels, interleaved) encoded as asked.</summary>
    public static byte[] Build(float[] samples, int channels = 1, int rate = 16000, int bits = 16, bool isFloat = false,
        bool bigEndian = false, bool extensible = false, ushort? formatCode = null, uint? dataSize = null, bool listChunk = false, int truncateBy = 0)
    {
        int width = bits / 8;
        var data = new byte[samples.Length * width];
        for (int i = 0; i < samples.Length; i++)
        {
            var b = data.AsSpan(i * width, width);
            double x = samples[i];
            switch (isFloat, bits)
            {
                case (true, 32): WriteBytes(b, BitConverter.SingleToInt32Bits((float)(x / 32768)), 4, bigEndian); break;
                case (true, 64): WriteBytes(b, BitConverter.DoubleToInt64Bits(x / 32768), 8, bigEndian); break;
                case (false, 8): b[0] = (byte)(x / 256 + 128); break;
                case (false, 16): WriteBytes(b, (long)x, 2, bigEndian); break;
                case (false, 24): WriteBytes(b, (long)(x * 256), 3, bigEndian); break;
                case (false, 32): WriteBytes(b, (long)(x * 65536), 4, bigEndian); break;
                default: throw new ArgumentException("unsupported test encoding");
            }
        }
        ushort code = formatCode ?? (ushort)(isFloat ? 3 : 1);
        var fmt = new List<byte>();
        void U16(List<byte> l, int v) { var t = new byte[2]; WriteBytes(t, v, 2, bigEndian); l.AddRange(t); }
        void U32(List<byte> l, long v) { var t = new byte[4]; WriteBytes(t, v, 4, bigEndian); l.AddRange(t); }
        U16(fmt, extensible ? 0xFFFE : code);
        U16(fmt, channels);
        U32(fmt, rate);
        U32(fmt, (long)rate * channels * width);
        U16(fmt, channels * width);
        U16(fmt, bits);
        if (extensible)
        {
            U16(fmt, 22);
            U16(fmt, bits);
            U32(fmt, 0);
            U32(fmt, code);
            fmt.AddRange(bigEndian ? [0x00, 0x00, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
                : [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
        }
        var body = new List<byte>();
        body.AddRange(Encoding.ASCII.GetBytes("WAVE"));
        Chunk(body, "fmt ", fmt.ToArray(), bigEndian);
        if (listChunk) Chunk(body, "LIST", Encoding.ASCII.GetBytes("INFOISFT\u0005\0\0\0test\0"), bigEndian);   // odd size: padded
        body.AddRange(Encoding.ASCII.GetBytes("data"));
        U32(body, dataSize ?? (uint)data.Length);
        body.AddRange(data);
        var file = new List<byte>();
        file.AddRange(Encoding.ASCII.GetBytes(bigEndian ? "RIFX" : "RIFF"));
        U32(file, body.Count);
        file.AddRange(body);
        return file.Take(file.Count - truncateBy).ToArray();
    }

    private static void Chunk(List<byte> body, string tag, byte[] content, bool bigEndian)
    {
        body.AddRange(Encoding.ASCII.GetBytes(tag));
        var size = new byte[4];
        WriteBytes(size, content.Length, 4, bigEndian);
        body.AddRange(size);
        body.AddRange(content);
        if (content.Length % 2 == 1) body.Add(0);
    }

    private static void WriteBytes(Span<byte> b, long value, int width, bool bigEndian)
    {
        for (int i = 0; i < width; i++)
        {
            byte v = (byte)(value >> (8 * i));
            b[bigEndian ? width - 1 - i : i] = v;
        }
    }
}
