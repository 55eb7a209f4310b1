using System.Numerics;

namespace Gmm;

/// <summary>
/// What a backend does for the shared EM loop: turn (model, data) into sufficient statistics that add.
/// One backend instance serves one fit and may keep device buffers (uploaded data, parameters) between calls.
/// </summary>
/// <typeparam name="T">The compute type: float or double.</typeparam>
public interface IEmBackend<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Which device computes, and why it was chosen, for reports.</summary>
    string Description { get; }

    /// <summary>
    /// E-step over every point of <paramref name="data"/> under <paramref name="model"/>: adds each point's weighted
    /// responsibilities into <paramref name="statistics"/> (created by <see cref="SufficientStatistics.For{T}"/> for the
    /// same model) and Σ w log p(x) into its LogLikelihood.
    /// </summary>
    void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics);
}
