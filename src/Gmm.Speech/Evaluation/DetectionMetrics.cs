namespace Gmm.Speech.Evaluation;

/// <summary>
/// Verification metrics of scored trials, as Kaldi computes them, so that the numbers compare with Kaldi's recipes:
/// the equal error rate of compute-eer (ivectorbin/compute-eer.cc) and the minimum detection cost of
/// sid/compute_min_dcf.py (the NIST SRE definition, normalised by the cost of the best trivial system).
/// Scores are higher for "same speaker".
/// </summary>
public static class DetectionMetrics
{
    /// <summary>The NIST SRE 2008–2010 target prior (the "minDCF 0.01" of the recipes).</summary>
    public const double TargetPrior01 = 0.01;

    /// <summary>The NIST SRE 2012+ target prior (the "minDCF 0.001" of the recipes).</summary>
    public const double TargetPrior001 = 0.001;

    /// <summary>
    /// Kaldi's compute-eer: with target and non-target scores sorted ascending, the first target position i (i = 0, 1,
    /// …; at most the last) at which the non-target score at position n_non − 1 − ⌊n_non · i / n_tgt⌋ is below target
    /// score i; the EER is i / n_tgt, at threshold target score i. (Kaldi's comment says it was not careful about edge
    /// cases: on few trials the value moves in steps of 1 / n_tgt.)
    /// </summary>
    /// <param name="scores">Trial scores.</param>
    /// <param name="isTarget">Per trial, whether it is a target trial (same length).</param>
    /// <exception cref="ArgumentException">Lists of different lengths, non-finite scores, or no target or no non-target trial.</exception>
    public static EqualErrorRate EqualErrorRate(IReadOnlyList<double> scores, IReadOnlyList<bool> isTarget)
    {
        var (targets, nontargets) = Split(scores, isTarget);
        Array.Sort(targets);
        Array.Sort(nontargets);
        int position = 0;
        for (; position + 1 < targets.Length; position++)
        {
            long passed = (long)(nontargets.Length * (double)position / targets.Length);
            long index = Math.Max(0, nontargets.Length - 1 - passed);
            if (nontargets[index] < targets[position]) break;
        }
        return new EqualErrorRate((double)position / targets.Length, targets[position]);
    }

    /// <summary>
    /// Kaldi's compute_min_dcf.py: the trials sorted by score (stably), at each sorted position i the miss rate P_miss(i)
    /// = targets among the first i + 1 / n_tgt and the false-alarm rate P_fa(i) = 1 − non-targets among the first i + 1 /
    /// n_non; C_det(i) = C_miss · P_miss · P_target + C_fa · P_fa · (1 − P_target); the result is min_i C_det(i) divided by
    /// C_default = min(C_miss · P_target, C_fa · (1 − P_target)), at threshold = score i.
    /// </summary>
    /// <param name="scores">Trial scores.</param>
    /// <param name="isTarget">Per trial, whether it is a target trial (same length).</param>
    /// <param name="targetPrior">P_target in (0, 1) (0.01 and 0.001 in the recipes).</param>
    /// <param name="missCost">C_miss &gt; 0 (1).</param>
    /// <param name="falseAlarmCost">C_fa &gt; 0 (1).</param>
    /// <exception cref="ArgumentException">Bad lists (see <see cref="EqualErrorRate"/>) or costs.</exception>
    public static DetectionCost MinimumDetectionCost(IReadOnlyList<double> scores, IReadOnlyList<bool> isTarget, double targetPrior,
        double missCost = 1, double falseAlarmCost = 1)
    {
        if (!(targetPrior > 0 && targetPrior < 1)) throw new ArgumentOutOfRangeException(nameof(targetPrior), targetPrior, "targetPrior must be in (0, 1).");
        if (!(missCost > 0) || double.IsInfinity(missCost)) throw new ArgumentOutOfRangeException(nameof(missCost), missCost, "missCost must be a finite number > 0.");
        if (!(falseAlarmCost > 0) || double.IsInfinity(falseAlarmCost)) throw new ArgumentOutOfRangeException(nameof(falseAlarmCost), falseAlarmCost, "falseAlarmCost must be a finite number > 0.");
        var (targets, nontargets) = Split(scores, isTarget);
        var order = Sorted(scores);
        double best = double.PositiveInfinity, threshold = double.NaN;
        int targetsBelow = 0, nontargetsBelow = 0;
        foreach (int i in order)
        {
            if (isTarget[i]) targetsBelow++;
            else nontargetsBelow++;
            double miss = (double)targetsBelow / targets.Length;
            double falseAlarm = 1 - (double)nontargetsBelow / nontargets.Length;
            double cost = missCost * miss * targetPrior + falseAlarmCost * falseAlarm * (1 - targetPrior);
            if (cost < best)
            {
                best = cost;
                threshold = scores[i];
            }
        }
        double trivial = Math.Min(missCost * targetPrior, falseAlarmCost * (1 - targetPrior));
        return new DetectionCost(best / trivial, threshold, targetPrior, missCost, falseAlarmCost);
    }

    /// <summary>
    /// The DET curve: one <see cref="OperatingPoint"/> per distinct score, thresholds ascending (miss rate rising from
    /// the first, false-alarm rate falling to 0 at the last).
    /// </summary>
    /// <exception cref="ArgumentException">Bad lists (see <see cref="EqualErrorRate"/>).</exception>
    public static IReadOnlyList<OperatingPoint> DetCurve(IReadOnlyList<double> scores, IReadOnlyList<bool> isTarget)
    {
        var (targets, nontargets) = Split(scores, isTarget);
        var order = Sorted(scores);
        var points = new List<OperatingPoint>();
        int targetsBelow = 0, nontargetsBelow = 0;
        for (int p = 0; p < order.Length; p++)
        {
            int i = order[p];
            if (isTarget[i]) targetsBelow++;
            else nontargetsBelow++;
            if (p + 1 < order.Length && scores[order[p + 1]] == scores[i]) continue; // one point per distinct score
            points.Add(new OperatingPoint(scores[i], (double)targetsBelow / targets.Length, 1 - (double)nontargetsBelow / nontargets.Length));
        }
        return points;
    }

    /// <summary>Trial indices in ascending score order, equal scores in list order (Python's stable sort).</summary>
    private static int[] Sorted(IReadOnlyList<double> scores)
    {
        var order = Enumerable.Range(0, scores.Count).ToArray();
        return [.. order.OrderBy(i => scores[i])]; // OrderBy is stable
    }

    private static (double[] Targets, double[] Nontargets) Split(IReadOnlyList<double> scores, IReadOnlyList<bool> isTarget)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isTarget);
        if (scores.Count != isTarget.Count)
            throw new ArgumentException($"isTarget holds {isTarget.Count} labels but there are {scores.Count} scores.", nameof(isTarget));
        var targets = new List<double>();
        var nontargets = new List<double>();
        for (int i = 0; i < scores.Count; i++)
        {
            if (!double.IsFinite(scores[i])) throw new ArgumentException($"score {i} is {scores[i]}; scores must be finite.", nameof(scores));
            (isTarget[i] ? targets : nontargets).Add(scores[i]);
        }
        if (targets.Count == 0) throw new ArgumentException("no target trials: the metrics need target and non-target trials.", nameof(isTarget));
        if (nontargets.Count == 0) throw new ArgumentException("no non-target trials: the metrics need target and non-target trials.", nameof(isTarget));
        return ([.. targets], [.. nontargets]);
    }
}
