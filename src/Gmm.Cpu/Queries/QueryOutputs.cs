namespace Gmm;

/// <summary>What <see cref="BackendQueries.Evaluate{T}"/> computes per point, besides the log-density it always gives.</summary>
[Flags]
public enum QueryOutputs
{
    /// <summary>log p(x) only.</summary>
    LogDensities = 0,
    /// <summary>Also the most probable component.</summary>
    Labels = 1,
    /// <summary>Also the posterior probability of every component (k values per point).</summary>
    Probabilities = 2,
}
