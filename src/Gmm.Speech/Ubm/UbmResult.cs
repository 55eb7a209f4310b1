namespace Gmm.Speech.Ubm;

/// <summary>A trained UBM and how its training went.</summary>
/// <param name="Model">The UBM (diagonal or full; it may hold fewer than the asked components when low-count ones were removed).</param>
/// <param name="LogLikelihood">Mean log-likelihood per frame at the last iteration's E-step (nats).</param>
/// <param name="InitializationFrames">Frames of the in-memory sample the initialisation used.</param>
/// <param name="TrainingFrames">Frames the training iterations used (after subsampling).</param>
/// <param name="Warnings">
/// Removed, unupdated and floored components: <see cref="FitWarning.Initialization"/> is the <see cref="UbmPhase"/> (as an
/// integer), <see cref="FitWarning.Iteration"/> counts iterations over all phases.
/// </param>
/// <param name="BackendDescription">Which device computed.</param>
/// <param name="Elapsed">Wall-clock time of the training.</param>
public sealed record UbmResult(GaussianMixtureModel Model, double LogLikelihood, long InitializationFrames, long TrainingFrames,
    IReadOnlyList<FitWarning> Warnings, string BackendDescription, TimeSpan Elapsed);
