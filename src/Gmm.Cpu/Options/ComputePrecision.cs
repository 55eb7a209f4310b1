namespace Gmm;

/// <summary>The floating-point type the E-step computes in. Statistics are always accumulated in float64.</summary>
public enum ComputePrecision
{
    /// <summary>float32 data and log-densities, float64 accumulation (the default, the fast path).</summary>
    Single,
    /// <summary>float64 throughout, for agreement with scikit-learn to ~1e-10.</summary>
    Double,
}
