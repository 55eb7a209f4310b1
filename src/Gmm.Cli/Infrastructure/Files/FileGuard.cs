using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace Gmm.Cli.Infrastructure.Files;

/// <summary>
/// The rule that a command never replaces one of its own inputs, as a mechanism every command goes through rather
/// than a list each command keeps. Inputs are every existing file named by any value on the command line (except the
/// declared outputs) and every file the run opens for reading through <see cref="NoteRead"/> (DataReader and ModelFile
/// do); files are compared by identity (<see cref="FileIdentity"/>: real path, device and inode), so a symbolic or hard
/// link to an input counts as that input. Outputs are declared on their options with <see cref="Output{T}"/> and
/// checked before the command runs (<see cref="Begin"/>); <see cref="AtomicFile"/> checks again just before it writes,
/// against everything the run has read by then.
/// </summary>
internal sealed class FileGuard
{
    private static readonly ConditionalWeakTable<Symbol, OutputKind> Outputs = new();
    private static readonly AsyncLocal<FileGuard?> CurrentRun = new();

    private readonly List<(string Name, FileIdentity Identity)> _inputs = [];
    private readonly Lock _lock = new();

    /// <summary>Declares <paramref name="option"/> as an output of <paramref name="kind"/>: checked before the command runs.</summary>
    public static Option<T> Output<T>(Option<T> option, OutputKind kind)
    {
        Outputs.AddOrUpdate(option, kind);
        return option;
    }

    /// <summary>
    /// Starts guarding one invocation: records the files named on its command line as inputs and checks each declared
    /// output (name, extension, folder, not an input, not another output). Dispose the result when the run ends.
    /// </summary>
    /// <exception cref="CliException">An output is unusable; the message names the option and the problem.</exception>
    public static IDisposable Begin(ParseResult parsed)
    {
        var guard = new FileGuard();
        var outputs = new List<(string Option, string Path, OutputKind Kind)>();
        for (SymbolResult? command = parsed.CommandResult; command is not null; command = command.Parent)
        {
            if (command is not CommandResult result) continue;
            foreach (var child in result.Children)
            {
                var (symbol, name) = child switch
                {
                    OptionResult o => ((Symbol)o.Option, o.Option.Name),
                    ArgumentResult a => (a.Argument, a.Argument.Name),
                    _ => ((Symbol?)null, ""),
                };
                if (symbol is null) continue;
                bool isOutput = Outputs.TryGetValue(symbol, out var kind);
                foreach (var token in child.Tokens)
                {
                    if (isOutput) outputs.Add((name, token.Value, kind!));
                    else if (FileIdentity.Of(token.Value) is { } identity && File.Exists(identity.RealPath)) guard._inputs.Add(($"{name} {token.Value}", identity));
                }
            }
        }
        for (int i = 0; i < outputs.Count; i++)
        {
            var (option, path, kind) = outputs[i];
            guard.CheckNotAnInput(path, option);
            if (!(kind.FolderAllowed && Directory.Exists(FileIdentity.Resolve(path)))) CheckWritable(path, option);
            kind.CheckExtension(path, option);
            for (int j = 0; j < i; j++)
                if (SameTarget(outputs[j].Path, path))
                    throw new CliException($"{outputs[j].Option} and {option} name the same file ({path}); give each output its own file.");
        }
        var previous = CurrentRun.Value;
        CurrentRun.Value = guard;
        return new Scope(previous);
    }

    /// <summary>Records that the run read <paramref name="path"/>: no output of this run may replace it.</summary>
    public static void NoteRead(string path)
    {
        if (CurrentRun.Value is not { } guard || FileIdentity.Of(path) is not { } identity) return;
        lock (guard._lock) guard._inputs.Add((path, identity));
    }

    /// <summary>Throws when <paramref name="path"/> names a file this run reads (when a run is being guarded).</summary>
    public static void CheckOutput(string path, string? option) => CurrentRun.Value?.CheckNotAnInput(path, option);

    /// <summary>
    /// Checks early (before any work) that <paramref name="path"/> can be written: a name, not a folder, in a folder that
    /// exists, not a read-only file.
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CliException($"{option}: the file name is empty.");
        string target = FileIdentity.Resolve(path);
        if (Directory.Exists(target)) throw new CliException($"{option} {path}: is a directory; give a file name.");
        string? folder = Path.GetDirectoryName(target);
        if (folder is not null && !Directory.Exists(folder))
            throw new CliException($"{option} {path}: folder '{folder}' does not exist.");
        if (File.Exists(target) && File.GetAttributes(target).HasFlag(FileAttributes.ReadOnly))
            throw new CliException($"{option} {path}: the file is read-only; make it writable or write to another file.");
    }

    private void CheckNotAnInput(string path, string? option)
    {
        if (FileIdentity.Of(path) is not { } output) return; // a file that does not exist yet is no input
        lock (_lock)
            foreach (var (name, input) in _inputs)
                if (output.SameFileAs(input))
                    throw new CliException($"{(option is null ? "" : option + " ")}{path} is also an input of this command ({name}, which is {input.RealPath}) and would be overwritten; write to another file.");
    }

    private static bool SameTarget(string a, string b) =>
        string.Equals(FileIdentity.Resolve(a), FileIdentity.Resolve(b), FileIdentity.PathComparison)
        || (FileIdentity.Of(a) is { } x && FileIdentity.Of(b) is { } y && x.SameFileAs(y));

    private sealed class Scope(FileGuard? previous) : IDisposable
    {
        public void Dispose() => CurrentRun.Value = previous;
    }
}
