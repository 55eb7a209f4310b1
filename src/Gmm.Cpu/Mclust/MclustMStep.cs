namespace Gmm;

/// <summary>
/// One mclust M-step: the component scatter → the constrained estimate, or null when it is degenerate (a scale or
/// shape not positive and finite, a scatter not positive definite where the model needs it). Iterative M-steps start
/// from <paramref name="start"/> when it is an estimate of the same model and size, as mclust's EM does.
/// </summary>
internal delegate MclustEstimate? MclustMStep(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start);
