namespace Gmm.Speech.Evaluation;

/// <summary>The equal error rate of scored trials (<see cref="DetectionMetrics.EqualErrorRate"/>).</summary>
/// <param name="Rate">The EER as a proportion in [0, 1].</param>
/// <param name="Threshold">The target score at which it is reached.</param>
public sealed record EqualErrorRate(double Rate, double Threshold);
