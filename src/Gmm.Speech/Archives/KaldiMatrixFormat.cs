namespace Gmm.Speech.Archives;

/// <summary>How <see cref="KaldiArchiveWriter"/> stores matrices.</summary>
public enum KaldiMatrixFormat
{
    /// <summary>Binary float32 ("FM"), as copy-feats writes by default.</summary>
    Float,

    /// <summary>Binary compressed as copy-feats --compress=true: "CM" for more than 8 rows, "CM2" otherwise (lossy).</summary>
    Compressed,

    /// <summary>Text ("[ ... ]"), with enough digits to read back the same float32 values.</summary>
    Text,
}
