namespace Gmm.Speech.Archives;

/// <summary>
/// The header of a Kaldi compressed matrix (compressed-matrix.h, GlobalHeader without its format field, which the token
/// carries): min_value and range (float32) and the size (int32 rows, int32 columns), 16 bytes little-endian.
/// </summary>
/// <param name="Format">1 = "CM" (one byte per value with per-column percentiles), 2 = "CM2" (two bytes), 3 = "CM3" (one byte).</param>
/// <param name="MinValue">Value of the smallest code (CM: of the per-column percentile codes).</param>
/// <param name="Range">Span of the codes' values.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
internal readonly record struct CompressedHeader(int Format, float MinValue, float Range, int Rows, int Columns)
{
    /// <summary>Bytes of the header as stored (without the token).</summary>
    public const int Size = 16;

    /// <summary>Bytes of data after the header.</summary>
    public long DataSize => Format switch
    {
        1 => (long)Columns * (8 + Rows),
        2 => 2L * Rows * Columns,
        _ => (long)Rows * Columns,
    };

    /// <summary>The archive token of the format.</summary>
    public string Token => Format switch { 1 => "CM", 2 => "CM2", _ => "CM3" };
}
