using System.Collections.Concurrent;

namespace Gmm.Cli.Infrastructure.Files;

/// <summary>
/// An output file written under a temporary name beside its target and renamed into place on <see cref="Commit"/>,
/// so that a failure, Ctrl+C or SIGTERM never leaves a partial file under the requested name. A symbolic link is
/// written through (the file it points to is replaced, the link stays); a device or pipe (/dev/null, a FIFO) is
/// written directly, since it cannot be replaced. Before it creates anything it asks <see cref="FileGuard"/> whether
/// the target is one of the run's inputs.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    /// <summary>Temporary files not yet committed or deleted, for <see cref="DeleteUncommitted"/>.</summary>
    private static readonly ConcurrentDictionary<string, byte> Uncommitted = new(StringComparer.Ordinal);

    private readonly string? _temporary;
    private readonly string _target;
    private bool _committed;

    private AtomicFile(string path)
    {
        Path = path;
        FileGuard.CheckOutput(path, null);
        _target = FileIdentity.Resolve(path);
        try
        {
            if (FileIdentity.Of(_target) is { IsRegularFile: false })
            {
                Stream = new FileStream(_target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                return;
            }
            _temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_target)!,
                "." + System.IO.Path.GetFileName(_target) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
            Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            Uncommitted[_temporary] = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot write the file: {e.Message}", e);
        }
    }

    /// <summary>The name the file was asked for.</summary>
    public string Path { get; }

    /// <summary>Where to write the content.</summary>
    public Stream Stream { get; }

    public static AtomicFile Create(string path) => new(path);

    /// <summary>Flushes and renames the temporary file onto the target.</summary>
    public void Commit()
    {
        Stream.Flush();
        Stream.Dispose();
        if (_temporary is not null)
        {
            try
            {
                File.Move(_temporary, _target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{Path}: cannot write the file: {e.Message}", e);
            }
            Uncommitted.TryRemove(_temporary, out _);
        }
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        Stream.Dispose();
        if (_temporary is null) return;
        Delete(_temporary);
        Uncommitted.TryRemove(_temporary, out _);
    }

    /// <summary>
    /// Deletes every temporary file of this process not yet committed: the last act of a process that is being stopped
    /// (<see cref="Interruption"/>) while a command still writes.
    /// </summary>
    public static void DeleteUncommitted()
    {
        foreach (var temporary in Uncommitted.Keys) Delete(temporary);
    }

    private static void Delete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
