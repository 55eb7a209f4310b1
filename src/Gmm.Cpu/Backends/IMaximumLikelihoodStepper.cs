using System.Numerics;

namespace Gmm;

/// <summary>
/// An optional part of the backend contract: a backend that keeps its statistics on a device may run the
/// maximum-likelihood M-step there, so that an iteration sends only a few scalars to the host. <see cref="EmRun{T, TState}"/>
/// uses it only with <see cref="MaximumLikelihoodStep"/>; every other M-step gets the statistics on the host
/// (<see cref="IEmBackend{T}.Accumulate"/>) at every iteration.
/// <para>
/// Contract: after <see cref="Step"/>, <see cref="Model"/> must be the model <see cref="MaximumLikelihoodStep.Estimate"/>
/// would give on the same statistics (to the device's rounding), and whenever that M-step has something to decide — a
/// component to drop, a covariance to regularise further — the backend must bring the statistics to the host and call
/// <c>hostMaximization</c> instead, so that the fit's warnings and results are those of every other backend.
/// </para>
/// </summary>
/// <typeparam name="T">The compute type: float or double.</typeparam>
public interface IMaximumLikelihoodStepper<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Starts a run of iterations over <paramref name="data"/> from <paramref name="model"/> (any device state of an earlier run is dropped).</summary>
    void Start(GaussianMixtureModel model, IDataSource<T> data);

    /// <summary>
    /// One EM iteration: the E-step and statistics under the current model, then the maximum-likelihood M-step on the
    /// device, or on the host through <paramref name="hostMaximization"/> (see the interface remarks). When the E-step's
    /// log-likelihood is NaN no M-step runs (the loop reports the error).
    /// </summary>
    /// <param name="regularization">reg_covar (<see cref="MaximumLikelihoodStep.RegularizationCovariance"/>).</param>
    /// <param name="hostMaximization">The shared M-step on statistics brought to the host; it may throw (no model then).</param>
    /// <returns>The E-step's Σ w log p(x) (nats) and Σ w.</returns>
    (double LogLikelihood, double WeightSum) Step(double regularization, Func<SufficientStatistics, GaussianMixtureModel> hostMaximization);

    /// <summary>The current model: after the last <see cref="Step"/>'s M-step, or the start model before any.</summary>
    GaussianMixtureModel Model { get; }
}
