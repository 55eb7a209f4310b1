namespace Gmm.Speech.Features;

/// <summary>The triangular mel filterbank: Kaldi's MelBanksOptions (23 bins from 20 Hz to the Nyquist frequency).</summary>
public sealed record MelOptions
{
    /// <summary>--num-mel-bins (23; at least 3).</summary>
    public int BinCount { get; init; } = 23;

    /// <summary>--low-freq in Hz: the low edge of the first bin (20).</summary>
    public double LowFrequency { get; init; } = 20;

    /// <summary>--high-freq in Hz: the high edge of the last bin; 0 = the Nyquist frequency, negative = Nyquist + value (0).</summary>
    public double HighFrequency { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (BinCount < 3) throw new ArgumentOutOfRangeException(nameof(BinCount), BinCount, "--num-mel-bins must be at least 3.");
        if (!double.IsFinite(LowFrequency)) throw new ArgumentOutOfRangeException(nameof(LowFrequency), LowFrequency, "--low-freq must be finite.");
        if (!double.IsFinite(HighFrequency)) throw new ArgumentOutOfRangeException(nameof(HighFrequency), HighFrequency, "--high-freq must be finite.");
    }
}
