using System.Buffers.Binary;
using Gmm.Speech;
using Gmm.Speech.Archives;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>HTK parameter files: header, plain and compressed (_C) frames, the checksum (_K), writing, corrupt input.</summary>
public class HtkFileTests
{
    private static byte[] File(int samples, int period, short size, int kind, Action<List<byte>> body, bool checksum = false)
    {
        var bytes = new List<byte>();
        void Int(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); bytes.AddRange(b); }
        void Short(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, v); bytes.AddRange(b); }
        Int(samples);
        Int(period);
        Short(size);
        Short(unchecked((short)kind));
        body(bytes);
        if (checksum)
        {
            var b = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(b, HtkFile.Checksum(bytes.ToArray().AsSpan(12)));
            bytes.AddRange(b);
        }
        return [.. bytes];
    }

    private static void Floats(List<byte> bytes, params float[] values)
    {
        foreach (var v in values) { var b = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(b, v); bytes.AddRange(b); }
    }

    [Fact]
    public void Header_is_big_endian_with_kind_flags()
    {
        // MFCC (6) with _E (0x40), _D (0x100) and _K (0x1000): 3 frames of 2 features, 10 ms frames, checksum at the end.
        var bytes = File(3, 100_000, 8, 6 | 0x40 | 0x100 | 0x1000, b => Floats(b, 1, 2, 3, 4, 5, -6.5f), checksum: true);
        var (features, header) = HtkFile.Read("a.mfc", bytes);
        Assert.Equal((3, 100_000, 8, 6, 2, 3), (header.SampleCount, header.SamplePeriod, header.SampleSize, header.Kind.BaseKind, header.Dimension, header.FrameCount));
        Assert.Equal("MFCC_E_D_K", header.Kind.ToString());
        Assert.Equal([1f, 2, 3, 4, 5, -6.5f], features.Values);
    }

    [Fact]
    public void Checksum_is_htks_and_damage_is_detected()
    {
        // HTK's UpdateCRCC over big-endian words: ((0·65536 + 0x0102)·65536 + 0x0304) mod 36897.
        Assert.Equal((ushort)(((0x0102L * 65536) + 0x0304) % 36897), HtkFile.Checksum([1, 2, 3, 4]));
        var bytes = File(2, 100_000, 4, 9 | 0x1000, b => Floats(b, 1.5f, -2), checksum: true);
        bytes[13] ^= 0x10;
        var e = Assert.Throws<FeatureFormatException>(() => HtkFile.Read("d.htk", bytes));
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Equal(bytes.Length - 2, e.ByteOffset);
    }

    [Fact]
    public void Compressed_frames_are_decoded()
    {
        // _C: A and B vectors (2 features) count as 4 samples; frames are int16 with x = (c + B) / A.
        var bytes = File(4 + 2, 100_000, 4, 6 | 0x400, b =>
        {
            Floats(b, 2, 4);      // A
            Floats(b, 1, -8);     // B
            foreach (short c in new short[] { 3, 16, -1, 0 }) { var s = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(s, c); b.AddRange(s); }
        });
        var (features, header) = HtkFile.Read("c.htk", bytes);
        Assert.Equal("MFCC_C", header.Kind.ToString());
        Assert.Equal([2f, 2, 0, -2], features.Values);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Written_files_read_back(bool compress, bool checksum)
    {
        var random = new Random(5);
        var m = new FeatureMatrix(17, 39, Enumerable.Range(0, 17 * 39).Select(i => (float)(random.NextDouble() * 30 - 15) * (i % 39 == 5 ? 0 : 1)).ToArray());
        var kind = new HtkParameterKind(HtkParameterKind.Mfcc | HtkParameterKind.Energy | HtkParameterKind.Delta | HtkParameterKind.Acceleration);
        var bytes = HtkFile.Encode(m, kind, 100_000, compress, checksum);
        var (read, header) = HtkFile.Read("w.htk", bytes);
        Assert.Equal(compress, header.Kind.Has(HtkParameterKind.Compressed));
        Assert.Equal(checksum, header.Kind.Has(HtkParameterKind.Checksum));
        Assert.Equal(HtkParameterKind.Mfcc, header.Kind.BaseKind);
        Assert.Equal((17, 39), (read.Rows, read.Columns));
        if (!compress) Assert.Equal(m.Values, read.Values);
        else
            for (int i = 0; i < m.Values.Length; i++) Assert.Equal(m.Values[i], read.Values[i], 30.0 / 65534 * 0.51 + 1e-5);   // half a code step
    }

    [Fact]
    public void Corrupt_files_are_refused_naming_the_problem()
    {
        static string Error(byte[] bytes) => Assert.Throws<FeatureFormatException>(() => HtkFile.Read("bad.htk", bytes)).Message;
        Assert.Contains("WAVEFORM", Error(File(2, 625, 2, 0, b => b.AddRange(new byte[4]))));
        string truncated = Error(File(3, 100_000, 8, 9, b => Floats(b, 1, 2, 3)));
        Assert.Contains("USER", truncated);
        Assert.Contains("implies 36 bytes but the file has 24 (truncated?)", truncated);
        Assert.Contains("shorter than the 12-byte header", Error([1, 2, 3]));
        Assert.Contains("sampSize 6", Error(File(1, 100_000, 6, 9, b => b.AddRange(new byte[6]))));
        Assert.Contains("no frames", Error(File(4, 100_000, 4, 9 | 0x400, b => Floats(b, 1, 1, 0, 0))));
        Assert.Contains("scale A[1] = 0", Error(File(5, 100_000, 4, 9 | 0x400, b => { Floats(b, 1, 0, 0, 0); b.AddRange(new byte[4]); })));
        Assert.Contains("holds NaN", Error(File(1, 100_000, 4, 9, b => Floats(b, float.NaN))));
        Assert.StartsWith("bad.htk:", Error([1, 2, 3]));
    }
}
