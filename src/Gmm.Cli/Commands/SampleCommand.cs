using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Commands;

/// <summary>gmm sample --model M -n N [--seed S] --output FILE: draws points from a model.</summary>
internal static class SampleCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1, or gmm-bayesian-model/1: its point estimates)", Required = true, HelpName = "MODEL.json" };
        var count = new Option<int>("--n-samples", "-n") { Description = "Number of points to draw", Required = true, HelpName = "N" };
        var seed = new Option<int>("--seed") { HelpName = "S", Description = "Random seed", DefaultValueFactory = _ => 0 };
        var output = FileGuard.Output(new Option<string>("--output", "-o") { Description = "Output file for the n×d points (float64), .npy or .csv", Required = true, HelpName = "FILE" }, OutputKind.Table);
        var labels = FileGuard.Output(new Option<string?>("--labels") { Description = "Also write each point's component (int64), .npy or .csv", HelpName = "FILE" }, OutputKind.Table);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success" };
        FitSettings.AtLeast(count, 1);
        var command = new Command("sample", "Draw points from a model (grouped by component, as scikit-learn's sample).") { model, count, seed, output, labels, quiet };
        command.SetAction(parsed => Run(context, parsed.GetValue(model)!, parsed.GetValue(count), parsed.GetValue(seed),
            parsed.GetValue(output)!, parsed.GetValue(labels), parsed.GetValue(quiet)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, int count, int seed, string outputPath, string? labelsPath, bool quiet)
    {
        var model = ModelFile.Read(modelPath).Model;
        CheckFitsInMemory(count, model.Dimension);
        var (points, components) = model.Sample(count, seed);
        using var pointWriter = ArrayWriter.ForValues(outputPath, count, [.. Enumerable.Range(0, model.Dimension).Select(j => $"x{j}")]);
        using var labelWriter = labelsPath is null ? null : ArrayWriter.ForLabels(labelsPath, count);
        pointWriter.WriteValues(points);
        labelWriter?.WriteLabels(components);
        pointWriter.Commit();
        labelWriter?.Commit();
        if (!quiet) context.Out.WriteLine($"wrote {count} points × {model.Dimension} features to {outputPath}{(labelsPath is null ? "" : $" and their components to {labelsPath}")}");
        return Cli.Success;
    }

    /// <summary>
    /// The draw is held whole (n×d float64 points and n labels) before it is written: refuses up front a draw larger
    /// than one array can hold or than half the memory available to the process, instead of failing after the sampling.
    /// </summary>
    private static void CheckFitsInMemory(int count, int dimension)
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2, perPoint = 8L * dimension + 4;
        long most = Math.Min(Array.MaxLength / dimension, available / perPoint);
        if (count <= most) return;
        throw new CliException(string.Create(CultureInfo.InvariantCulture,
            $"--n-samples {count}: the draw is held in memory before it is written, and {count} points × {dimension} features ({count * perPoint / 1e9:F1} GB) exceed what it can hold here ({most} points, {available / 1e9:F1} GB: half the memory available); draw at most {most} points per run, with a different --seed for each."));
    }
}
