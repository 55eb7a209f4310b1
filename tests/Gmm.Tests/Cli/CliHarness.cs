using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Gmm.Cli.Formats;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>Runs the gmm tool in-process and builds small input files in a private temporary folder.</summary>
public sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Folder = Path.Combine(Path.GetTempPath(), "gmm-cli-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public (int Code, string Out, string Err) Run(params string[] args) => RunWith(false, args);

    public (int Code, string Out, string Err) RunWith(bool terminal, params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = global::Gmm.Cli.Cli.Run(args, stdout, stderr, terminal);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Two well-separated 2-d blobs (n points, alternating), deterministic.</summary>
    public static double[] Blobs(int n, int d = 2, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[i * d + j] = (i % 2 == 0 ? 4 : -4) + (j + 1) * 0.5 * z;
            }
        return values;
    }

    public string WriteCsv(string name, double[] values, int d, string? header = null)
    {
        var text = new StringBuilder();
        if (header is not null) text.Append(header).Append('\n');
        for (int i = 0; i < values.Length / d; i++)
            text.Append(string.Join(',', Enumerable.Range(0, d).Select(j => values[i * d + j].ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        return WriteText(name, text.ToString());
    }

    public string WriteText(string name, string text)
    {
        string path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteNpy(string name, double[] values, long[] shape, bool single)
    {
        string path = PathOf(name);
        using var stream = File.Create(path);
        NpyFormat.WriteHeader(stream, single ? "<f4" : "<f8", shape);
        Span<byte> buffer = stackalloc byte[8];
        foreach (double v in values)
        {
            if (single)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer, (float)v);
                stream.Write(buffer[..4]);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(buffer, v);
                stream.Write(buffer);
            }
        }
        return path;
    }

    /// <summary>Reads a version 1 .npy file of any dtype: the header dict text and the raw body.</summary>
    public static (string Header, byte[] Body) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal(1, bytes[6]);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + length) % 64);
        return (Encoding.ASCII.GetString(bytes, 10, length), bytes[(10 + length)..]);
    }

    public static long[] Int64s(byte[] body) =>
        [.. Enumerable.Range(0, body.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(8 * i)))];

    public static double[] Doubles(byte[] body) =>
        [.. Enumerable.Range(0, body.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(8 * i)))];

    /// <summary>Files in the folder other than those named (to catch stray temporary or partial files).</summary>
    public string[] OtherFiles(params string[] expected) =>
        [.. Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => !expected.Contains(f)).Select(f => f!)];

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
