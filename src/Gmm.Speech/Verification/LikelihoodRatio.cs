namespace Gmm.Speech.Verification;

/// <summary>A verification score: the log-likelihood ratio of a speaker model against the UBM, averaged over frames.</summary>
/// <param name="Value">(Σ log p̃_model(x) − Σ log p̃_UBM(x)) / frames, top-C shortlisted (nats per frame).</param>
/// <param name="Frames">Frames scored (Σ w with sample weights).</param>
public sealed record LikelihoodRatio(double Value, double Frames);
