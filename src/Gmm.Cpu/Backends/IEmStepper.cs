using System.Numerics;

namespace Gmm;

/// <summary>
/// How the shared EM loop runs one iteration on a backend: the E-step and statistics under the current model, then
/// the M-step. <see cref="HostStepper{T}"/> does it for every backend (statistics to the host, <see cref="MStep"/>
/// there); a backend that keeps its statistics on a device may implement this itself and run the M-step where they
/// live, so that an iteration returns only scalars. It must give the model <see cref="MStep.Apply"/> would, and hand
/// the statistics to the host M-step whenever that one has something to decide (dropped components, regularisation).
/// </summary>
/// <typeparam name="T">The compute type: float or double.</typeparam>
internal interface IEmStepper<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Starts a run of iterations over <paramref name="data"/> from <paramref name="model"/>.</summary>
    void Start(GaussianMixtureModel model, IDataSource<T> data);

    /// <summary>
    /// One EM iteration: E-step under the current model, then the M-step (skipped when the log-likelihood is NaN, which
    /// the loop reports). <paramref name="hostMStep"/> is the shared M-step on statistics brought to the host.
    /// </summary>
    /// <returns>The E-step's Σ w log p(x) and Σ w.</returns>
    (double LogLikelihood, double WeightSum) Step(double regularization, Func<SufficientStatistics, GaussianMixtureModel> hostMStep);

    /// <summary>The current model (after the last M-step; the start model before any).</summary>
    GaussianMixtureModel Model { get; }
}
