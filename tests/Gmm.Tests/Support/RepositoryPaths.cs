namespace Gmm.Tests.Support;

/// <summary>Where the repository's own files are, found from the test binaries.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds Gmm.Gpu.sln, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Gmm.Gpu.sln"))) return directory.FullName;
        throw new InvalidOperationException("Gmm.Gpu.sln not found above the test binaries");
    }
}
