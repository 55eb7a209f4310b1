using System.Xml.Linq;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Packaging;

/// <summary>
/// `dotnet pack Gmm.Gpu.sln` makes a NuGet package for each library (metadata, XML docs, README, symbols) and the gmm
/// and gmm-cluster tools, nothing else; the tools install from the package folder (`dotnet tool install --tool-path
/// DIR --add-source FOLDER Gmm.Tool`): gmm fits the embedded data from any folder, gmm-cluster shows its help.
/// </summary>
public sealed class PackageTests(PackedSolution packed) : IClassFixture<PackedSolution>
{
    /// <summary>The library packages: the assemblies docs/api.md lists (a package's id is its assembly's name).</summary>
    public static IReadOnlyList<string> LibraryIds => [.. PublicApiListing.Packages.Select(a => a.GetName().Name!)];

    public static TheoryData<string> Libraries => new(LibraryIds);

    [Fact]
    public void PackMakesTheLibrariesAndTheToolAndNothingElse()
    {
        Assert.True(packed.Pack.ExitCode == 0, packed.Pack.ToString());
        string[] expected = [.. LibraryIds.Append(PackedSolution.ToolId).Append(PackedSolution.ClusterToolId).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, packed.PackageIds());
        Assert.Equal(expected, packed.PackageIds(".snupkg"));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void LibraryPackageHasItsMetadataDocsReadmeAndSymbols(string id)
    {
        Assert.True(packed.Pack.ExitCode == 0, packed.Pack.ToString());
        string package = packed.PathOf(id);
        var metadata = PackedSolution.Manifest(package).Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal(id, Field("id"));
        Assert.Equal(packed.VersionOf(PackedSolution.ToolId), Field("version"));
        Assert.True(Field("description").Length > 40, $"{id}: a description that says what the package is");
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Field("readme"));
        // The commit the package was built from (the SDK's source control information, which SourceLink uses too).
        if (Path.Exists(Path.Combine(RepositoryPaths.Root, ".git")))
        {
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
        }
        // The other libraries depend on the core package at the same version.
        if (id != "Gmm")
        {
            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => ((string?)e.Attribute("id"), (string?)e.Attribute("version")));
            Assert.Contains(("Gmm", Field("version")), dependencies);
        }

        var entries = PackedSolution.Entries(package);
        foreach (string file in new[] { $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", "README.md" })
            Assert.Contains(file, entries);
        Assert.Contains($"lib/net10.0/{id}.pdb", PackedSolution.Entries(packed.PathOf(id, ".snupkg")));
    }

    [Fact]
    public void ToolInstallsFromThePackageFolderAndFitsTheEmbeddedDataFromAnyFolder()
    {
        var (gmm, elsewhere) = InstallTool(PackedSolution.ToolId, "gmm", "tools", "elsewhere");
        var fit = ProcessRun.Start(gmm, ["fit"], elsewhere, TimeSpan.FromMinutes(2));
        Assert.True(fit.ExitCode == 0, fit.ToString());
        foreach (string word in new[] { "fitting 3 full-covariance components to 150 points × 4 features", "petal_length", "converged" })
            Assert.Contains(word, fit.Output);
        // The installed command's help names it gmm in every usage line (not the assembly, Gmm.Cli).
        foreach (var (args, usage) in new[] { (new[] { "--help" }, "gmm [command] [options]"), (["fit", "--help"], "gmm fit [<INPUT>] [options]"),
            (["anomalies", "--help"], "gmm anomalies <INPUT> [options]") })
        {
            var help = ProcessRun.Start(gmm, args, elsewhere, TimeSpan.FromMinutes(2));
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("Usage:\n  " + usage, help.Output.ReplaceLineEndings("\n"));
            Assert.DoesNotContain("Gmm.Cli", help.Output);
        }
    }

    [Fact]
    public void ClusterToolInstallsFromThePackageFolderAndSpeaksAsGmmCluster()
    {
        var (command, elsewhere) = InstallTool(PackedSolution.ClusterToolId, "gmm-cluster", "cluster-tools", "cluster-elsewhere");
        foreach (var (args, usage) in new[] { (new[] { "--help" }, "gmm-cluster [command] [options]"), (["fit", "--help"], "gmm-cluster fit [options]"),
            (["worker", "--help"], "gmm-cluster worker [options]") })
        {
            var help = ProcessRun.Start(command, args, elsewhere, TimeSpan.FromMinutes(2));
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("Usage:\n  " + usage, help.Output.ReplaceLineEndings("\n"));
            Assert.DoesNotContain("Gmm.Cluster.Cli", help.Output);
        }
        var error = ProcessRun.Start(command, ["fit", "--serve", "127.0.0.1:1"], elsewhere, TimeSpan.FromMinutes(2));
        Assert.True(error.ExitCode == 2, error.ToString());
        Assert.StartsWith("gmm-cluster: error: ", error.Errors);
    }

    /// <summary>
    /// Installs the tool package <paramref name="id"/> from the packed folder into its own tool path and returns the
    /// installed command's path and an unrelated working folder to run it from (asserting the pack, the install and the
    /// command's name).
    /// </summary>
    private (string Command, string Elsewhere) InstallTool(string id, string commandName, string toolFolder, string workFolder)
    {
        Assert.True(packed.Pack.ExitCode == 0, packed.Pack.ToString());
        string tools = Path.Combine(packed.Root, toolFolder), elsewhere = Directory.CreateDirectory(Path.Combine(packed.Root, workFolder)).FullName;
        var install = ProcessRun.Start(ProcessRun.DotnetHost,
            ["tool", "install", "--tool-path", tools, "--add-source", packed.Folder, id, "--version", packed.VersionOf(id)],
            elsewhere, PackedSolution.Timeout);
        Assert.True(install.ExitCode == 0, install.ToString());
        string command = Path.Combine(tools, OperatingSystem.IsWindows() ? commandName + ".exe" : commandName);
        Assert.True(File.Exists(command), $"the tool's command is {commandName}: {command} after\n{install}");
        return (command, elsewhere);
    }
}
