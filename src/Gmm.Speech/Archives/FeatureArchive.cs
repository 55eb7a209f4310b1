namespace Gmm.Speech.Archives;

/// <summary>
/// A source of utterances read one at a time: a Kaldi archive (.ark), a Kaldi script (.scp), an HTK file (.htk, .mfc,
/// .fbk, .plp), or a list of such files (.list, .lst: one path per line, relative paths from the list's folder).
/// Nothing is held in memory beyond the utterance being read.
/// </summary>
public abstract class FeatureArchive
{
    private protected FeatureArchive(string path) => Path = path;

    /// <summary>File extensions <see cref="Open"/> recognises.</summary>
    public const string SupportedExtensions = ".ark, .scp, .htk/.mfc/.fbk/.plp, or a list (.list/.lst) of those";

    /// <summary>The file this archive reads.</summary>
    public string Path { get; }

    /// <summary>Every utterance's key and size, reading as little as the format allows (headers only for binary data).</summary>
    public abstract IEnumerable<UtteranceShape> ReadShapes();

    /// <summary>Every utterance in order, read one at a time.</summary>
    public abstract IEnumerable<Utterance> ReadUtterances();

    /// <summary>True when <paramref name="path"/>'s extension is one <see cref="Open"/> reads.</summary>
    public static bool IsSupported(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() is ".ark" or ".scp" or ".htk" or ".mfc" or ".fbk" or ".plp" or ".list" or ".lst";

    /// <summary>Opens <paramref name="path"/> by its extension.</summary>
    /// <exception cref="ArgumentException">An extension that is not a speech feature format.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static FeatureArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ark" => new KaldiArchive(path),
            ".scp" => new KaldiScript(path),
            ".htk" or ".mfc" or ".fbk" or ".plp" => new HtkArchive(path),
            ".list" or ".lst" => new FileListArchive(path),
            string other => throw new ArgumentException($"{path}: '{other}' is not a speech feature format; use {SupportedExtensions}.", nameof(path)),
        };
    }
}
