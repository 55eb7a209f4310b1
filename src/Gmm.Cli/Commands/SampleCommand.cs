using System.CommandLine;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

/// <summary>gmm sample --model M -n N [--seed S] --output FILE: draws points from a model.</summary>
internal static class SampleCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1, or gmm-bayesian-model/1: its point estimates)", Required = true, HelpName = "MODEL.json" };
        var count = new Option<int>("--n-samples", "-n") { Description = "Number of points to draw", Required = true, HelpName = "N" };
        var seed = new Option<int>("--seed") { HelpName = "S", Description = "Random seed", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output", "-o") { Description = "Output file for the n×d points (float64), .npy or .csv", Required = true, HelpName = "FILE" };
        var labels = new Option<string?>("--labels") { Description = "Also write each point's component (int64), .npy or .csv", HelpName = "FILE" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success" };
        FitSettings.AtLeast(count, 1);
        var command = new Command("sample", "Draw points from a model (grouped by component, as scikit-learn's sample).") { model, count, seed, output, labels, quiet };
        command.SetAction(parsed => Run(context, parsed.GetValue(model)!, parsed.GetValue(count), parsed.GetValue(seed),
            parsed.GetValue(output)!, parsed.GetValue(labels), parsed.GetValue(quiet)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, int count, int seed, string outputPath, string? labelsPath, bool quiet)
    {
        ArrayWriter.CheckExtension(outputPath, "--output");
        AtomicFile.CheckWritable(outputPath, "--output", modelPath);
        if (labelsPath is not null)
        {
            ArrayWriter.CheckExtension(labelsPath, "--labels");
            if (string.Equals(Path.GetFullPath(labelsPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new CliException($"--labels and --output name the same file ({outputPath}); give the labels their own file.");
            AtomicFile.CheckWritable(labelsPath, "--labels", modelPath);
        }
        var model = ModelFile.Read(modelPath).Model;
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
}
