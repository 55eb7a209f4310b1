namespace Gmm.Speech.Archives;

/// <summary>
/// A list of feature files (.list, .lst): one path per line (blank lines and lines starting with '#' skipped), relative
/// paths taken from the list's folder; each file is any format <see cref="FeatureArchive.Open"/> reads except a list.
/// </summary>
public sealed class FileListArchive : FeatureArchive
{
    /// <summary>Reads the list at <paramref name="path"/>.</summary>
    public FileListArchive(string path) : base(path) { }

    /// <summary>The listed files, resolved.</summary>
    /// <exception cref="FeatureFormatException">A missing file, or a list inside a list.</exception>
    public IReadOnlyList<string> ReadPaths()
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";
        var paths = new List<string>();
        int number = 0;
        foreach (string raw in File.ReadLines(Path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string file = System.IO.Path.IsPathRooted(line) ? line : System.IO.Path.Combine(folder, line);
            if (!File.Exists(file)) throw new FeatureFormatException(Path, $"line {number}: file '{line}' not found.");
            if (System.IO.Path.GetExtension(file).ToLowerInvariant() is ".list" or ".lst")
                throw new FeatureFormatException(Path, $"line {number}: '{line}' is itself a list; lists do not nest.");
            if (!IsSupported(file))
                throw new FeatureFormatException(Path, $"line {number}: '{line}' is not a speech feature file ({SupportedExtensions}).");
            paths.Add(file);
        }
        if (paths.Count == 0) throw new FeatureFormatException(Path, "the list names no files.");
        return paths;
    }

    /// <inheritdoc />
    public override IEnumerable<UtteranceShape> ReadShapes() => ReadPaths().SelectMany(p => Open(p).ReadShapes());

    /// <inheritdoc />
    public override IEnumerable<Utterance> ReadUtterances() => ReadPaths().SelectMany(p => Open(p).ReadUtterances());
}
