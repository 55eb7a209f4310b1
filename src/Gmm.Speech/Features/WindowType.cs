namespace Gmm.Speech.Features;

/// <summary>The analysis window applied to each frame (Kaldi's --window-type); N is the frame length in samples.</summary>
public enum WindowType
{
    /// <summary>(0.5 − 0.5·cos(2πn/(N−1)))^0.85: like Hamming but reaching zero at the edges (Kaldi's default).</summary>
    Povey,

    /// <summary>0.54 − 0.46·cos(2πn/(N−1)).</summary>
    Hamming,

    /// <summary>0.5 − 0.5·cos(2πn/(N−1)).</summary>
    Hanning,

    /// <summary>1 everywhere.</summary>
    Rectangular,

    /// <summary>a − 0.5·cos(2πn/(N−1)) + (0.5 − a)·cos(4πn/(N−1)), a = --blackman-coeff (0.42).</summary>
    Blackman,

    /// <summary>sin(πn/(N−1)).</summary>
    Sine,
}
