namespace Gmm.Speech.Archives;

/// <summary>
/// An HTK parameter file's 12-byte big-endian header: nSamples (int32), sampPeriod (int32, 100 ns units), sampSize
/// (int16, bytes per frame) and parmKind (int16).
/// </summary>
/// <param name="SampleCount">nSamples; for a compressed file, the frames plus 4 (the scale and offset vectors).</param>
/// <param name="SamplePeriod">Frame period in 100 ns units (100000 = 10 ms).</param>
/// <param name="SampleSize">Bytes per frame (4·d, or 2·d compressed).</param>
/// <param name="Kind">The parameter kind.</param>
public readonly record struct HtkHeader(int SampleCount, int SamplePeriod, int SampleSize, HtkParameterKind Kind)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 12;

    /// <summary>Features per frame.</summary>
    public int Dimension => Kind.Has(HtkParameterKind.Compressed) ? SampleSize / 2 : SampleSize / 4;

    /// <summary>Frames of data (a compressed file's nSamples counts 4 more).</summary>
    public int FrameCount => Kind.Has(HtkParameterKind.Compressed) ? SampleCount - 4 : SampleCount;

    /// <summary>The file length the header implies.</summary>
    public long ExpectedLength => Size + (Kind.Has(HtkParameterKind.Compressed)
        ? 8L * Dimension + (long)FrameCount * SampleSize : (long)SampleCount * SampleSize) + (Kind.Has(HtkParameterKind.Checksum) ? 2 : 0);
}
