namespace Gmm.Speech.Archives;

/// <summary>
/// A Kaldi archive (.ark): a sequence of "KEY " followed by a matrix, binary ("\0B" + FM/DM/CM/CM2/CM3) or text
/// ("[ ... ]"), possibly mixed. Read sequentially; binary matrices' sizes are read from their headers without their data.
/// </summary>
public sealed class KaldiArchive : FeatureArchive
{
    /// <summary>Reads the archive at <paramref name="path"/>.</summary>
    public KaldiArchive(string path) : base(path) { }

    /// <inheritdoc />
    public override IEnumerable<UtteranceShape> ReadShapes()
    {
        foreach (var (key, reader) in Entries())
        {
            var (rows, columns) = reader.SkipMatrix(key);
            yield return new UtteranceShape(key, rows, columns);
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Utterance> ReadUtterances()
    {
        foreach (var (key, reader) in Entries())
            yield return new Utterance(key, reader.ReadMatrix(key));
    }

    /// <summary>Each entry's key, with the reader positioned at its object (the caller reads or skips it).</summary>
    private IEnumerable<(string Key, KaldiObjectReader Reader)> Entries()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new KaldiObjectReader(stream, Path);
        while (true)
        {
            int c;
            while ((c = stream.ReadByte()) is ' ' or '\t' or '\n' or '\r') { }
            if (c < 0) yield break;
            long at = stream.Position - 1;
            var key = new System.Text.StringBuilder();
            while (c > ' ')
            {
                key.Append((char)c);
                c = stream.ReadByte();
            }
            if (c < 0) throw reader.Bad($"truncated: the file ends after the key '{key}'.", key.ToString(), at);
            if (c is not (' ' or '\t')) throw reader.Bad($"expected a space after the key '{key}', got byte {c}.", key.ToString(), stream.Position - 1);
            long objectStart = stream.Position;
            yield return (key.ToString(), reader);
            if (stream.Position == objectStart) throw new InvalidOperationException("the entry's object was neither read nor skipped.");
        }
    }
}
