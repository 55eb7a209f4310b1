namespace Gmm.Speech.Archives;

/// <summary>
/// A Kaldi script (.scp): one utterance per line, "KEY FILE[:OFFSET][RANGE]", read in the script's order. Each entry
/// seeks to its matrix; consecutive entries in the same archive share one open file.
/// </summary>
public sealed class KaldiScript : FeatureArchive
{
    /// <summary>Reads the script at <paramref name="path"/>.</summary>
    public KaldiScript(string path) : base(path) { }

    /// <summary>The script's entries.</summary>
    /// <exception cref="FeatureFormatException">A malformed line (the message gives the line).</exception>
    public IEnumerable<ScriptEntry> ReadEntries()
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";
        int number = 0;
        foreach (string line in File.ReadLines(Path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ScriptEntry entry;
            try
            {
                entry = ScriptEntry.Parse(line, number, folder);
            }
            catch (FormatException e)
            {
                throw new FeatureFormatException(Path, e.Message, inner: e);
            }
            yield return entry;
        }
    }

    /// <inheritdoc />
    public override IEnumerable<UtteranceShape> ReadShapes()
    {
        using var files = new OpenFiles();
        foreach (var entry in ReadEntries())
        {
            var reader = files.Seek(entry, Path);
            var (rows, columns) = reader.SkipMatrix(entry.Key);
            if (entry.Range is { } range)
            {
                var resolved = Resolve(range, rows, columns, entry);
                (rows, columns) = (resolved.RowCount, resolved.ColumnCount);
            }
            yield return new UtteranceShape(entry.Key, rows, columns);
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Utterance> ReadUtterances()
    {
        using var files = new OpenFiles();
        foreach (var entry in ReadEntries())
        {
            var matrix = files.Seek(entry, Path).ReadMatrix(entry.Key);
            if (entry.Range is { } range)
            {
                Resolve(range, matrix.Rows, matrix.Columns, entry);
                matrix = range.Apply(matrix);
            }
            yield return new Utterance(entry.Key, matrix);
        }
    }

    private (int FirstRow, int RowCount, int FirstColumn, int ColumnCount) Resolve(MatrixRange range, int rows, int columns, ScriptEntry entry)
    {
        try
        {
            return range.Resolve(rows, columns);
        }
        catch (ArgumentException e)
        {
            throw new FeatureFormatException(Path, $"line {entry.Line}: {e.Message}", entry.Key, entry.Offset, e);
        }
    }

    /// <summary>The last archive opened, kept open while entries point into it.</summary>
    private sealed class OpenFiles : IDisposable
    {
        private string? _file;
        private FileStream? _stream;
        private KaldiObjectReader? _reader;

        public KaldiObjectReader Seek(ScriptEntry entry, string script)
        {
            if (_file != entry.File)
            {
                Dispose();
                if (!File.Exists(entry.File))
                    throw new FeatureFormatException(script, $"line {entry.Line}: file '{entry.File}' not found.", entry.Key);
                _stream = new FileStream(entry.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                _reader = new KaldiObjectReader(_stream, entry.File);
                _file = entry.File;
            }
            long offset = entry.Offset ?? 0;
            if (offset >= _stream!.Length)
                throw new FeatureFormatException(entry.File, $"offset {offset} (script {script}, line {entry.Line}) is past the end of the file ({_stream.Length} bytes).", entry.Key, offset);
            _stream.Position = offset;
            return _reader!;
        }

        public void Dispose()
        {
            _stream?.Dispose();
            (_stream, _reader, _file) = (null, null, null);
        }
    }
}
