namespace Gmm.Cli.Infrastructure;

/// <summary>
/// An output file written under a temporary name in the same folder and renamed into place on <see cref="Commit"/>,
/// so that a failure or Ctrl+C never leaves a partial file under the requested name.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _temporary;
    private bool _committed;

    private AtomicFile(string path)
    {
        Path = path;
        _temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!,
            "." + System.IO.Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot write the file: {e.Message}", e);
        }
    }

    public string Path { get; }
    public Stream Stream { get; }

    /// <summary>
    /// Checks early (before any work) that <paramref name="path"/> can be created: its folder exists, it is not a folder,
    /// and it is none of the command's <paramref name="inputs"/> (which it would replace).
    /// </summary>
    public static void CheckWritable(string path, string option, params string?[] inputs)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliException($"{option}: the file name is empty.");
        string full = System.IO.Path.GetFullPath(path);
        foreach (var input in inputs)
            if (!string.IsNullOrWhiteSpace(input) && string.Equals(System.IO.Path.GetFullPath(input), full, StringComparison.Ordinal))
                throw new CliException($"{option} {path} is also an input of this command and would be overwritten; write to another file.");
        if (Directory.Exists(path)) throw new CliException($"{option} {path}: is a directory; give a file name.");
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new CliException($"{option} {path}: folder '{folder}' does not exist.");
    }

    public static AtomicFile Create(string path) => new(path);

    /// <summary>Flushes and renames the temporary file to <see cref="Path"/>.</summary>
    public void Commit()
    {
        Stream.Flush();
        Stream.Dispose();
        try
        {
            File.Move(_temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{Path}: cannot write the file: {e.Message}", e);
        }
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        Stream.Dispose();
        try { File.Delete(_temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
