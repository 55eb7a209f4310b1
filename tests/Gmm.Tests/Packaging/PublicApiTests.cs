using System.Xml.Linq;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Packaging;

/// <summary>docs/api.md lists exactly the public API the packages declare, and every library package is in it.</summary>
public sealed class PublicApiTests
{
    private static string ApiFile => Path.Combine(RepositoryPaths.Root, "docs", "api.md");

    [Fact]
    public void DocsApiMdListsThePublicApi()
    {
        string expected = PublicApiListing.Generate();
        if (Environment.GetEnvironmentVariable("GMM_UPDATE_API") == "1") File.WriteAllText(ApiFile, expected);
        string actual = File.Exists(ApiFile) ? File.ReadAllText(ApiFile).ReplaceLineEndings("\n") : "";
        Assert.True(actual == expected,
            $"docs/api.md differs from the public API of the built packages (- in the file, + in the assemblies):\n" +
            $"{LineDiff.Describe(actual, expected)}\nIf the change is deliberate, regenerate the file and review it:\n" +
            $"    {PublicApiListing.RegenerateCommand}");
    }

    /// <summary>A library added under src/ is packed (src/Directory.Build.props), so its API belongs in docs/api.md too.</summary>
    [Fact]
    public void EveryLibraryPackageIsListed()
    {
        var packed = new List<string>();
        foreach (string project in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var properties = XDocument.Load(project).Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup")
                .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.Last().Value.Trim(), StringComparer.Ordinal);
            bool library = properties.GetValueOrDefault("IsPackable") != "false" && properties.GetValueOrDefault("PackAsTool") != "true";
            if (library) packed.Add(properties.GetValueOrDefault("AssemblyName") ?? Path.GetFileNameWithoutExtension(project));
        }
        var listed = PublicApiListing.Packages.Select(a => a.GetName().Name!).ToList();
        Assert.Equal(packed.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }
}
