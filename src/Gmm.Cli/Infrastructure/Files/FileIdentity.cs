namespace Gmm.Cli.Infrastructure.Files;

/// <summary>
/// Which file a path names: its real path (every symbolic link on the way resolved) and, where the system gives them,
/// device and inode, so that two names of one file (a link, a hard link, a different spelling) compare equal.
/// </summary>
internal sealed class FileIdentity
{
    private const int MaxLinks = 40; // as Linux's ELOOP limit

    private FileIdentity(string realPath, (ulong Device, ulong Inode, int Type)? status)
    {
        RealPath = realPath;
        _status = status;
    }

    private readonly (ulong Device, ulong Inode, int Type)? _status;

    /// <summary>The path with every symbolic link resolved.</summary>
    public string RealPath { get; }

    /// <summary>True unless the system says the file is something other than a regular file (a device, a pipe, a socket).</summary>
    public bool IsRegularFile => _status is not { } s || s.Type == UnixFileStatus.Regular;

    /// <summary>The identity of the existing file or directory <paramref name="path"/> names; null when nothing is there.</summary>
    public static FileIdentity? Of(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        string real = Resolve(path);
        if (!File.Exists(real) && !Directory.Exists(real)) return null;
        if (new FileInfo(real).LinkTarget is not null) return null; // still a link: a loop, which names no file
        return new FileIdentity(real, UnixFileStatus.Of(real));
    }

    /// <summary>True when both name the same file: same device and inode where known, else the same real path.</summary>
    public bool SameFileAs(FileIdentity other) =>
        _status is { } a && other._status is { } b
            ? a.Device == b.Device && a.Inode == b.Inode
            : string.Equals(RealPath, other.RealPath, PathComparison);

    /// <summary>File names compare without case where the usual file systems ignore it.</summary>
    public static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// <paramref name="path"/> made absolute with the symbolic links of every existing component resolved (what the
    /// system opens); the components that do not exist yet are kept as written. A link loop leaves the path unresolved.
    /// </summary>
    public static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string current = Path.GetPathRoot(full) ?? "";
        var pending = new Stack<string>(Components(full, current).Reverse());
        int links = 0;
        while (pending.TryPop(out var part))
        {
            string next = Path.Join(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) return full;
            string resolved = Path.GetFullPath(target, current); // a relative target is relative to the link's folder
            current = Path.GetPathRoot(resolved) ?? "";
            foreach (var component in Components(resolved, current).Reverse()) pending.Push(component);
        }
        return current;
    }

    private static string[] Components(string full, string root) =>
        full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
