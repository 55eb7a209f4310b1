namespace Gmm.Speech.Evaluation;

/// <summary>The minimum normalised detection cost of scored trials (<see cref="DetectionMetrics.MinimumDetectionCost"/>).</summary>
/// <param name="Value">min over thresholds of C_det / C_default (1 = no better than always deciding one way).</param>
/// <param name="Threshold">The score at which the minimum is reached.</param>
/// <param name="TargetPrior">P_target.</param>
/// <param name="MissCost">C_miss.</param>
/// <param name="FalseAlarmCost">C_fa.</param>
public sealed record DetectionCost(double Value, double Threshold, double TargetPrior, double MissCost, double FalseAlarmCost);
