using System.Numerics;

namespace Gmm;

/// <summary>
/// The backend contract: what a backend does for the shared EM loop (<see cref="EmRun{T, TState}"/>) is to turn
/// (model, data) into <see cref="SufficientStatistics"/> that add. The CPU backend (<see cref="Cpu.CpuBackendProvider"/>)
/// and the GPU backend (Gmm.Gpu) implement it; a third-party backend implements the same.
/// <list type="bullet">
/// <item>What it reads from the model: <see cref="GaussianMixtureModel.MeansSpan"/> (k×d),
/// <see cref="GaussianMixtureModel.PrecisionsCholeskySpan"/> (shaped by covariance type),
/// <see cref="GaussianMixtureModel.LogDensityConstants"/> (k: log π_k + log det U_k − ½ d log 2π), and for a tied
/// model the whitened means <see cref="GaussianMixtureModel.ProjectMeans"/> about the statistics' center; then
/// log π_k N(x | k) = constant_k − ½ ‖(x − μ_k)ᵀ U_k‖².</item>
/// <item>What it writes: into statistics created by <see cref="SufficientStatistics.For{T}"/> for the same model, it adds
/// N, F and S about the statistics' reference points, Σ w log p(x), Σ w and the point count.</item>
/// <item>Optional parts: <see cref="IMaximumLikelihoodStepper{T}"/> (the maximum-likelihood M-step where the statistics
/// are) and <see cref="IKMeansDevice{T}"/> (k-means initialisation's nearest-centre searches on the device).</item>
/// </list>
/// One backend instance serves one fit at a time and may keep device buffers (uploaded data, parameters) between calls.
/// </summary>
/// <typeparam name="T">The compute type: float or double.</typeparam>
public interface IEmBackend<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Which device computes, and why it was chosen, for reports.</summary>
    string Description { get; }

    /// <summary>
    /// E-step over every point of <paramref name="data"/> (n×d) under <paramref name="model"/>: adds each point's weighted
    /// responsibilities' sums into <paramref name="statistics"/> (created by <see cref="SufficientStatistics.For{T}"/>
    /// for the same model, so that its reference points are the model's), and Σ w log p(x) (nats), Σ w and n into its
    /// scalars. Statistics of several calls, chunks or devices under the same model add.
    /// </summary>
    /// <exception cref="ArgumentException">The data's dimension differs from the model's.</exception>
    void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics);
}
