using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gmm.Cluster.Tests.Tool;

/// <summary>
/// A temporary folder for one tool test: shards written as .npy files, their manifest, free loopback ports, the local
/// <c>gmm fit</c> and the model files both tools write.
/// </summary>
internal sealed class ToolFolder : IDisposable
{
    public ToolFolder()
    {
        Path = Directory.CreateTempSubdirectory("gmm-cluster-tool-").FullName;
    }

    public string Path { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes n×d float64 values (or n weights when <paramref name="columns"/> is null) as a .npy file.</summary>
    public string WriteNpy(string name, double[] values, int? columns)
    {
        string path = PathOf(name);
        string shape = columns is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"({values.Length / d}, {d})")
            : string.Create(CultureInfo.InvariantCulture, $"({values.Length},)");
        string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int padded = (10 + header.Length + 1 + 63) / 64 * 64; // magic, version, length, header, newline: a multiple of 64
        header = header.PadRight(padded - 10 - 1) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        foreach (double value in values) file.Write(BitConverter.GetBytes(value));
        return path;
    }

    /// <summary>Writes <paramref name="values"/> rounded to float32 as a raw little-endian float32 file (no header).</summary>
    public string WriteRaw(string name, double[] values)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, [.. values.SelectMany(v => BitConverter.GetBytes((float)v))]);
        return path;
    }

    /// <summary>Writes the manifest of <paramref name="shards"/> (id, path, nodes, optional weights path).</summary>
    public string WriteManifest(string name, params (string Id, string Path, string[] Nodes, string? Weights)[] shards) =>
        WriteManifest(name, [.. shards.Select(s => (s.Id, s.Path, s.Nodes, s.Weights, (int?)null))]);

    /// <summary>Writes the manifest of <paramref name="shards"/> (id, path, nodes, optional weights path, optional "dims").</summary>
    public string WriteManifest(string name, params (string Id, string Path, string[] Nodes, string? Weights, int? Dims)[] shards)
    {
        var entries = shards.Select(s =>
        {
            var entry = new Dictionary<string, object> { ["id"] = s.Id, ["path"] = s.Path, ["nodes"] = s.Nodes };
            if (s.Weights is not null) entry["weights"] = s.Weights;
            if (s.Dims is { } dims) entry["dims"] = dims;
            return entry;
        });
        string path = PathOf(name);
        File.WriteAllText(path, JsonSerializer.Serialize(new { shards = entries }));
        return path;
    }

    /// <summary>A loopback port no listener holds now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs <c>gmm <paramref name="arguments"/></c> (the built tool, as a process) in this folder; fails the test unless it succeeds within two minutes.</summary>
    public void RunGmm(params string[] arguments)
    {
        using var gmm = ToolProcess.StartTool(ToolProcess.GmmTool, "gmm", Path, arguments);
        Assert.True(gmm.WaitForExit(TimeSpan.FromMinutes(2)), $"{gmm}\ndid not end");
        Assert.True(gmm.ExitCode == 0, gmm.ToString());
    }

    /// <summary>A model file's covariance type.</summary>
    public static string CovarianceType(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("covariance_type").GetString()!;
    }

    /// <summary>
    /// Asserts two model files hold the same fields: text and flags equal, every number (weights, means, covariances,
    /// a posterior's and its priors', the lower bound) to <paramref name="tolerance"/> (relative, or absolute below 1).
    /// </summary>
    public static void AssertSameModel(string expectedPath, string actualPath, double tolerance)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        using var actual = JsonDocument.Parse(File.ReadAllText(actualPath));
        AssertSame("", expected.RootElement, actual.RootElement, tolerance);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a child process still closing a file: the temporary folder is left behind
        }
    }

    private static void AssertSame(string path, JsonElement expected, JsonElement actual, double tolerance)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} expected, {actual.ValueKind} found");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(names, actual.EnumerateObject().Select(p => p.Name).ToList());
                foreach (string name in names) AssertSame($"{path}.{name}", expected.GetProperty(name), actual.GetProperty(name), tolerance);
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} values expected, {actual.GetArrayLength()} found");
                for (int i = 0; i < expected.GetArrayLength(); i++) AssertSame($"{path}[{i}]", expected[i], actual[i], tolerance);
                break;
            case JsonValueKind.Number:
                double e = expected.GetDouble(), a = actual.GetDouble();
                Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{path}: {e:R} expected, {a:R} found");
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }
}
