namespace Gmm.Speech.Adaptation;

/// <summary>Settings of MAP adaptation (Reynolds, Quatieri &amp; Dunn 2000).</summary>
public sealed record MapOptions
{
    /// <summary>The relevance factor r of α = n / (n + r) (finite, &gt; 0). Default 16.</summary>
    public double RelevanceFactor { get; init; } = 16;

    /// <summary>What is adapted. Default the means only.</summary>
    public AdaptedParameters Parameters { get; init; } = AdaptedParameters.Means;

    /// <summary>Compute precision of the statistics pass's E-step (the sums are float64 either way). Default single.</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Single;

    /// <summary>Throws an ArgumentException-family error naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(RelevanceFactor > 0) || double.IsInfinity(RelevanceFactor))
            throw new ArgumentOutOfRangeException(nameof(RelevanceFactor), RelevanceFactor, "RelevanceFactor must be a finite number > 0.");
        if (Parameters == 0 || (Parameters & ~(AdaptedParameters.Means | AdaptedParameters.Weights | AdaptedParameters.Variances)) != 0)
            throw new ArgumentOutOfRangeException(nameof(Parameters), Parameters, "Parameters must combine Means, Weights and Variances (at least one).");
        if (!Enum.IsDefined(Precision)) throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown precision.");
    }
}
