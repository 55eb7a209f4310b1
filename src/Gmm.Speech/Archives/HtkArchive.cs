namespace Gmm.Speech.Archives;

/// <summary>One HTK file as an archive of one utterance, keyed by the file name without its extension.</summary>
public sealed class HtkArchive : FeatureArchive
{
    /// <summary>Reads the HTK file at <paramref name="path"/>.</summary>
    public HtkArchive(string path) : base(path) { }

    private string Key => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <inheritdoc />
    public override IEnumerable<UtteranceShape> ReadShapes()
    {
        var buffer = new byte[HtkHeader.Size];
        long length;
        using (var stream = File.OpenRead(Path))
        {
            length = stream.Length;
            stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        var header = HtkFile.ReadHeader(Path, buffer.AsSpan(0, (int)Math.Min(length, HtkHeader.Size)), length);
        yield return new UtteranceShape(Key, header.FrameCount, header.Dimension);
    }

    /// <inheritdoc />
    public override IEnumerable<Utterance> ReadUtterances()
    {
        yield return new Utterance(Key, HtkFile.Read(Path).Features);
    }
}
