using System.Buffers.Binary;
using System.Text;
using Gmm.Speech;
using Gmm.Speech.Archives;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>Kaldi archives and scripts: every format round-trips; corrupt input is refused naming file, key and offset.</summary>
public sealed class ArchiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gmm-speech-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static FeatureMatrix Matrix(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return new FeatureMatrix(rows, columns, Enumerable.Range(0, rows * columns).Select(i => (float)(random.NextDouble() * 40 - 20 + i % 3)).ToArray());
    }

    private static readonly (string Key, FeatureMatrix Matrix)[] Utterances =
        [("utt1", Matrix(23, 13, 1)), ("utt-2", Matrix(5, 13, 2)), ("utt3", Matrix(1, 13, 3)), ("empty", FeatureMatrix.Empty), ("utt4", Matrix(9, 13, 4))];

    private string Write(string name, KaldiMatrixFormat format, string? script = null)
    {
        string path = PathOf(name);
        using var writer = new KaldiArchiveWriter(path, format, script is null ? null : PathOf(script));
        foreach (var (key, m) in Utterances) writer.Write(key, m);
        return path;
    }

    [Theory]
    [InlineData(KaldiMatrixFormat.Float)]
    [InlineData(KaldiMatrixFormat.Text)]
    public void Lossless_formats_round_trip_through_archive_and_script(KaldiMatrixFormat format)
    {
        string ark = Write("a.ark", format, "a.scp");
        foreach (FeatureArchive archive in new FeatureArchive[] { new KaldiArchive(ark), new KaldiScript(PathOf("a.scp")) })
        {
            var read = archive.ReadUtterances().ToList();
            Assert.Equal(Utterances.Select(u => u.Key), read.Select(u => u.Key));
            for (int i = 0; i < read.Count; i++)
            {
                Assert.Equal((Utterances[i].Matrix.Rows, Utterances[i].Matrix.Columns), (read[i].Features.Rows, read[i].Features.Columns));
                Assert.Equal(Utterances[i].Matrix.Values, read[i].Features.Values);
            }
            Assert.Equal(Utterances.Select(u => new UtteranceShape(u.Key, u.Matrix.Rows, u.Matrix.Columns)), archive.ReadShapes());
        }
    }

    [Fact]
    public void Compressed_archives_round_trip_within_the_codes_resolution()
    {
        string ark = Write("c.ark", KaldiMatrixFormat.Compressed, "c.scp");
        byte[] bytes = File.ReadAllBytes(ark);
        Assert.Contains("\0BCM ", Encoding.Latin1.GetString(bytes));    // 23 and 9 rows: per-column format
        Assert.Contains("\0BCM2 ", Encoding.Latin1.GetString(bytes));   // 5 and 1 rows: two-byte format
        var read = new KaldiScript(PathOf("c.scp")).ReadUtterances().ToList();
        for (int i = 0; i < read.Count; i++)
        {
            var original = Utterances[i].Matrix;
            Assert.Equal((original.Rows, original.Columns), (read[i].Features.Rows, read[i].Features.Columns));
            float range = original.Values.Length == 0 ? 0 : original.Values.Max() - original.Values.Min();
            // CM: one byte between per-column percentiles (≤ range/63 per step); CM2: 16 bits of the global range.
            float tolerance = original.Rows > 8 ? range / 63 : range / 65535 * 1.01f;
            for (int k = 0; k < original.Values.Length; k++) Assert.True(Math.Abs(original.Values[k] - read[i].Features.Values[k]) <= tolerance);
        }
    }

    [Fact]
    public void Compressed_values_decode_with_kaldis_formulas()
    {
        // CM2, min −1, range 2: codes 0, 65535, 32768 → −1, 1, −1 + 32768·(float)(2/65535).
        var cm2 = Object("CM2", -1f, 2f, 1, 3, w => { U16(w, 0); U16(w, 65535); U16(w, 32768); });
        Assert.Equal([-1f, 1f, -1f + 32768 * (float)(2 * (1.0 / 65535.0))], ReadObject(cm2).Values);
        // CM3, min 10, range 255: code b → 10 + b.
        var cm3 = Object("CM3", 10f, 255f, 2, 2, w => w.AddRange([0, 1, 128, 255]));
        Assert.Equal([10f, 11f, 138f, 265f], ReadObject(cm3).Values);
        // CM (one column, 3 rows), min 0, range 65535 so that percentile codes are their own values: p0 = 0, p25 = 64,
        // p75 = 192, p100 = 255; bytes 0, 64, 100, 192, 255 → 0, 64, 100, 192, 255 (each range is linear, one step per code).
        var cm = Object("CM", 0f, 65535f, 5, 1, w => { U16(w, 0); U16(w, 64); U16(w, 192); U16(w, 255); w.AddRange([0, 64, 100, 192, 255]); });
        var decoded = ReadObject(cm).Values;
        float[] expected = [0, 64, 100, 192, 255];
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], decoded[i], 2);
    }

    [Fact]
    public void Double_matrices_are_read_as_float()
    {
        var dm = new List<byte>("\0BDM "u8.ToArray());
        Int(dm, 1);
        Int(dm, 2);
        foreach (double v in new[] { 0.1, -2.5e10 }) { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); dm.AddRange(b); }
        Assert.Equal([0.1f, -2.5e10f], ReadObject([.. dm]).Values);
    }

    [Fact]
    public void Script_ranges_cut_rows_and_columns()
    {
        Write("r.ark", KaldiMatrixFormat.Float, "r.scp");
        string offsets = File.ReadAllLines(PathOf("r.scp"))[0].Split(' ')[1];
        File.WriteAllText(PathOf("ranges.scp"), $"a {offsets}[2:5]\nb {offsets}[0:0,3:4]\nc {offsets}[:,12:12]\nd {offsets}[20:24]\n");
        var read = new KaldiScript(PathOf("ranges.scp")).ReadUtterances().ToDictionary(u => u.Key, u => u.Features);
        var m = Utterances[0].Matrix;
        Assert.Equal((4, 13), (read["a"].Rows, read["a"].Columns));
        Assert.Equal(m.Row(2).ToArray(), read["a"].Row(0).ToArray());
        Assert.Equal([m[0, 3], m[0, 4]], read["b"].Values);
        Assert.Equal(Enumerable.Range(0, 23).Select(r => m[r, 12]), read["c"].Values);
        Assert.Equal(3, read["d"].Rows);   // 20:24 of 23 rows: Kaldi's tolerance cuts it to 20:22
        Assert.Equal([new UtteranceShape("a", 4, 13), new("b", 1, 2), new("c", 23, 1), new("d", 3, 13)], new KaldiScript(PathOf("ranges.scp")).ReadShapes());
    }

    [Fact]
    public void Bad_ranges_and_script_lines_are_refused()
    {
        Write("r.ark", KaldiMatrixFormat.Float, "r.scp");
        string entry = File.ReadAllLines(PathOf("r.scp"))[0].Split(' ')[1];
        string Error(string line)
        {
            File.WriteAllText(PathOf("bad.scp"), line + "\n");
            return Assert.Throws<FeatureFormatException>(() => new KaldiScript(PathOf("bad.scp")).ReadUtterances().ToList()).Message;
        }
        Assert.Contains("does not fit a matrix of 23 × 13", Error($"k {entry}[5:2]"));
        Assert.Contains("does not fit", Error($"k {entry}[0:26]"));   // 23 rows + Kaldi's tolerance of 2
        Assert.Contains("does not fit", Error($"k {entry}[0:1,0:13]"));
        Assert.Contains("is not a range", Error($"k {entry}[a:b]"));
        Assert.Contains("line 1", Error("lonely-key"));
        Assert.Contains("pipe", Error("k copy-feats ark:x.ark ark:- |"));
        Assert.Contains("not found", Error("k missing.ark:10"));
        string message = Error($"k {PathOf("r.ark")}:999999");
        Assert.Contains("past the end", message);
        Assert.Contains("'k'", message);
    }

    [Fact]
    public void Corrupt_archives_name_the_file_the_key_and_the_offset()
    {
        byte[] good = File.ReadAllBytes(Write("g.ark", KaldiMatrixFormat.Float));
        FeatureFormatException Error(byte[] bytes)
        {
            File.WriteAllBytes(PathOf("bad.ark"), bytes);
            return Assert.Throws<FeatureFormatException>(() => new KaldiArchive(PathOf("bad.ark")).ReadUtterances().ToList());
        }
        var truncated = Error(good[..100]);
        Assert.Equal(PathOf("bad.ark"), truncated.FilePath);
        Assert.Equal("utt1", truncated.Key);
        Assert.Equal(7, truncated.ByteOffset);   // the "FM" token after "utt1 \0B"
        Assert.Contains("truncated", truncated.Message);
        Assert.Contains($"{PathOf("bad.ark")}: utterance 'utt1' at byte 7:", truncated.Message);

        var token = (byte[])good.Clone();
        token[7] = (byte)'X';
        Assert.Contains("expected a matrix token", Error(token).Message);
        var size = (byte[])good.Clone();
        size[10] = 8;
        Assert.Contains("size byte 8", Error(size).Message);
        Assert.Contains("expected a space after the key", Error("key\u0001\0BFM "u8.ToArray()).Message);
        Assert.Contains("after the key", Error("lonely"u8.ToArray()).Message);
        var nan = (byte[])good.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(nan.AsSpan(20 + 4 * 14), float.NaN);   // "utt1 \0BFM " and two sizes: data at 20
        Assert.Contains("row 1, column 1 holds NaN", Error(nan).Message);

        var text = Error("a  [\n 1 2\n 3 ]\n"u8.ToArray());
        Assert.Contains("row 1 has 1 values but the rows before it have 2", text.Message);
        Assert.Equal("a", text.Key);
        Assert.Contains("'x2'", Error("a [ 1 x2 ]\n"u8.ToArray()).Message);
        Assert.Contains("before ']'", Error("a [ 1 2 \n"u8.ToArray()).Message);

        var cm = File.ReadAllBytes(Write("cm.ark", KaldiMatrixFormat.Compressed));
        Assert.Contains("truncated: the CM matrix of 23 × 13", Error(cm[..200]).Message);
    }

    [Fact]
    public void Keys_with_whitespace_cannot_be_written()
    {
        using var writer = new KaldiArchiveWriter(PathOf("k.ark"));
        Assert.Contains("whitespace", Assert.Throws<ArgumentException>(() => writer.Write("two words", Matrix(1, 1, 0))).Message);
    }

    [Fact]
    public void Data_source_streams_frames_across_utterances_and_files()
    {
        Write("s1.ark", KaldiMatrixFormat.Float, "s1.scp");
        HtkFile.Write(PathOf("x.htk"), Matrix(4, 13, 9), new HtkParameterKind(HtkParameterKind.Mfcc));
        File.WriteAllText(PathOf("all.list"), "s1.scp\n# a comment\n\nx.htk\n");
        var source = FeatureDataSource.Open(PathOf("s1.ark"), PathOf("all.list"));
        var expected = Utterances.SelectMany(u => u.Matrix.Values).Concat(Utterances.SelectMany(u => u.Matrix.Values)).Concat(Matrix(4, 13, 9).Values).ToArray();
        Assert.Equal(13, source.Dimension);
        Assert.Equal(expected.Length / 13, source.Count);
        foreach (int chunk in new[] { 1, 7, 38, 1000 })
        {
            var chunks = source.GetChunks(chunk).ToList();
            Assert.All(chunks, c => Assert.True(c.Count <= chunk));
            Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => (long)i * chunk), chunks.Select(c => c.Start));
            Assert.Equal(expected, chunks.SelectMany(c => c.Values.ToArray()));
        }
    }

    [Fact]
    public void Data_source_refuses_mixed_dimensions_and_empty_input()
    {
        using (var writer = new KaldiArchiveWriter(PathOf("mixed.ark")))
        {
            writer.Write("a", Matrix(3, 13, 1));
            writer.Write("b", Matrix(3, 39, 1));
        }
        var e = Assert.Throws<FeatureFormatException>(() => FeatureDataSource.Open(PathOf("mixed.ark")));
        Assert.Equal("b", e.Key);
        Assert.Contains("39 features per frame but utterance 'a'", e.Message);
        using (var writer = new KaldiArchiveWriter(PathOf("empty.ark"))) writer.Write("a", FeatureMatrix.Empty);
        Assert.Contains("holds no frames", Assert.Throws<FeatureFormatException>(() => FeatureDataSource.Open(PathOf("empty.ark"))).Message);
        File.WriteAllText(PathOf("nested.list"), "empty.ark\nmixed.lst\n");
        File.WriteAllText(PathOf("mixed.lst"), "mixed.ark\n");
        Assert.Contains("do not nest", Assert.Throws<FeatureFormatException>(() => FeatureDataSource.Open(PathOf("nested.list"))).Message);
    }

    private FeatureMatrix ReadObject(byte[] objectBytes)
    {
        File.WriteAllBytes(PathOf("one.mat"), objectBytes);
        File.WriteAllText(PathOf("one.scp"), $"key {PathOf("one.mat")}\n");
        return Assert.Single(new KaldiScript(PathOf("one.scp")).ReadUtterances()).Features;
    }

    private static byte[] Object(string token, float min, float range, int rows, int columns, Action<List<byte>> data)
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("\0B" + token + " "));
        foreach (float f in new[] { min, range }) { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, f); bytes.AddRange(b); }
        foreach (int i in new[] { rows, columns }) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, i); bytes.AddRange(b); }
        data(bytes);
        return [.. bytes];
    }

    private static void U16(List<byte> bytes, ushort value) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, value); bytes.AddRange(b); }

    private static void Int(List<byte> bytes, int value) { bytes.Add(4); var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, value); bytes.AddRange(b); }
}
