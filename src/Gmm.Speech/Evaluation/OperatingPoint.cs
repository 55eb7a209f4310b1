namespace Gmm.Speech.Evaluation;

/// <summary>One point of a DET curve: the error rates when trials scoring above <paramref name="Threshold"/> are accepted.</summary>
/// <param name="Threshold">The decision threshold (a trial's score).</param>
/// <param name="MissRate">Target trials scoring at or below the threshold, over all target trials.</param>
/// <param name="FalseAlarmRate">Non-target trials scoring above the threshold, over all non-target trials.</param>
public readonly record struct OperatingPoint(double Threshold, double MissRate, double FalseAlarmRate);
