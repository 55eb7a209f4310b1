using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Gmm.Tests.Support;

namespace Gmm.Tests.Packaging;

/// <summary>
/// The packages of the solution, made once for <see cref="PackageTests"/> into a temporary folder: `dotnet pack
/// Gmm.Gpu.sln --no-build -o FOLDER` in the configuration the tests were built in (the build that runs the tests has
/// just built every project).
/// </summary>
public sealed class PackedSolution : IDisposable
{
    /// <summary>The package id of the gmm tool.</summary>
    public const string ToolId = "Gmm.Tool";

    /// <summary>The package id of the gmm-cluster tool.</summary>
    public const string ClusterToolId = "Gmm.Cluster.Tool";

    /// <summary>Longest wait for one dotnet command (packing the tool compresses ~120 MB on a loaded 2-core machine).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public PackedSolution()
    {
        Root = Directory.CreateTempSubdirectory("gmm-packages-").FullName;
        Folder = Path.Combine(Root, "nupkg");
        string configuration = typeof(PackedSolution).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        Pack = ProcessRun.Start(ProcessRun.DotnetHost,
            ["pack", "Gmm.Gpu.sln", "-c", configuration, "--no-build", "-o", Folder, "-nodeReuse:false"],
            RepositoryPaths.Root, Timeout);
    }

    /// <summary>A temporary folder for everything the package tests write; deleted with the fixture.</summary>
    public string Root { get; }

    /// <summary>Where the packages are (.nupkg and .snupkg).</summary>
    public string Folder { get; }

    /// <summary>The pack command and its output.</summary>
    public ProcessRun Pack { get; }

    /// <summary>The ids of the .nupkg files made (file names less version and extension).</summary>
    public IReadOnlyList<string> PackageIds(string extension = ".nupkg") =>
        [.. Directory.EnumerateFiles(Folder, "*" + extension).Select(f => IdOf(Path.GetFileName(f), extension)).Order(StringComparer.Ordinal)];

    /// <summary>The path of the package <paramref name="id"/> (with the extension given), which must exist once.</summary>
    public string PathOf(string id, string extension = ".nupkg") =>
        Directory.EnumerateFiles(Folder, "*" + extension).Single(f => IdOf(Path.GetFileName(f), extension) == id);

    /// <summary>The version of package <paramref name="id"/>, from its file name.</summary>
    public string VersionOf(string id) => Path.GetFileName(PathOf(id))[(id.Length + 1)..^".nupkg".Length];

    /// <summary>The entry names of a package (a zip file), with / separators.</summary>
    public static IReadOnlyList<string> Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    /// <summary>The .nuspec manifest of a package.</summary>
    public static XElement Manifest(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a tool process still holding a file: the temporary folder is left for the system
    }

    // "Gmm.Gpu.0.1.0.nupkg" -> "Gmm.Gpu": the id ends where the version (digits) starts.
    private static string IdOf(string fileName, string extension)
    {
        var parts = fileName[..^extension.Length].Split('.');
        int version = Array.FindIndex(parts, p => p.Length > 0 && char.IsAsciiDigit(p[0]));
        return string.Join('.', parts[..version]);
    }
}
