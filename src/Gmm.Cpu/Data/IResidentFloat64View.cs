namespace Gmm;

/// <summary>
/// Data that stays where it is in float32 (an <see cref="IResidentDataSource{T}"/> of float: a cluster's shards, or
/// shards held in this process) and can present the same points as float64 without moving them. A float32 variational
/// fit whose lower bound cannot resolve its tolerance (<see cref="EmRun{T, TState}.StoppedAtResolution"/>) finishes on
/// that view in float64, with the float64 backend of the same provider (<see cref="BayesianGaussianMixture"/>;
/// docs/architecture.md, "Convergence of a float32 variational fit"). Resident float32 data without it keeps the float32
/// criterion.
/// </summary>
public interface IResidentFloat64View
{
    /// <summary>
    /// The same points (n×d, in the same order, with the same weights) as float64 values, each the exact cast of its
    /// float32 value, in a source that the float64 backend of the provider accumulating this data accumulates where the
    /// points are. The implementation decides how the values become float64 there (converted chunk by chunk, or held).
    /// </summary>
    IDataSource<double> AsFloat64();
}
