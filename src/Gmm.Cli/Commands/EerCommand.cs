using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cli.Speech;
using Gmm.Speech.Evaluation;
using Gmm.Speech.Verification;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm eer scores.txt [--plot det.png]: the equal error rate (Kaldi's compute-eer) and the minimum detection costs at
/// P_target 0.01 and 0.001 with C_miss = C_fa = 1 (Kaldi's sid/compute_min_dcf.py, normalised by the best trivial
/// system), and optionally the DET curve.
/// </summary>
internal static class EerCommand
{
    public static Command Create(CliContext context)
    {
        var scores = new Argument<string>("SCORES") { Description = "Scores file: 'MODEL UTTERANCE SCORE target|nontarget' per line (gmm trials), or 'SCORE target|nontarget'" };
        var plot = FileGuard.Output(new Option<string?>("--plot") { Description = "Also draw the DET curve (.png or .svg)", HelpName = "DET.png" }, OutputKind.Plot);
        var command = new Command("eer", "Equal error rate and minimum detection costs (P_target 0.01 and 0.001) of scored trials, as Kaldi computes them; optionally the DET curve.")
        {
            scores, plot,
        };
        command.SetAction(parsed => Run(context, parsed.GetValue(scores)!, parsed.GetValue(plot)));
        return command;
    }

    private static int Run(CliContext context, string scoresPath, string? plotPath)
    {
        if (plotPath is not null) InputFiles.CheckOutput(plotPath, "--plot", [scoresPath]);
        DataReader.CheckReadable(scoresPath);
        var (values, targets) = TrialScoreFile.Read(scoresPath);
        int targetCount = targets.Count(t => t), nontargetCount = targets.Count - targetCount;
        if (targetCount == 0 || nontargetCount == 0)
            throw new CliException($"{scoresPath}: {targetCount} target and {nontargetCount} nontarget trials; the metrics need both.");
        var eer = DetectionMetrics.EqualErrorRate(values, targets);
        var c = CultureInfo.InvariantCulture;
        context.Out.WriteLine(string.Create(c, $"trials: {targets.Count} ({targetCount} target, {nontargetCount} nontarget)"));
        context.Out.WriteLine(string.Create(c, $"EER: {100 * eer.Rate:F2}% (threshold {eer.Threshold:G6})"));
        foreach (double prior in new[] { DetectionMetrics.TargetPrior01, DetectionMetrics.TargetPrior001 })
        {
            var cost = DetectionMetrics.MinimumDetectionCost(values, targets, prior);
            context.Out.WriteLine(string.Create(c, $"minDCF (P_target {prior:0.###}, C_miss 1, C_fa 1): {cost.Value:F4} (threshold {cost.Threshold:G6})"));
        }
        if (plotPath is not null)
        {
            var image = DetPlot.Render(DetectionMetrics.DetCurve(values, targets), eer, plotPath, $"DET: {Path.GetFileName(scoresPath)}");
            using var file = AtomicFile.Create(plotPath);
            file.Stream.Write(image);
            file.Commit();
            context.Out.WriteLine($"DET curve written to {plotPath}");
        }
        return Cli.Success;
    }
}
