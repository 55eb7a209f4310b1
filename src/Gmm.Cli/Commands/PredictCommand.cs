using System.CommandLine;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm predict INPUT --model M [--proba] [--missing marginalize] --output FILE: component labels (or posteriors),
/// streamed chunk by chunk; with --missing marginalize those of each row's observed features.
/// </summary>
internal static class PredictCommand
{
    private const int ChunkRows = 1 << 16;

    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats})", optional: false);
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1 or gmm-bayesian-model/1 JSON)", Required = true, HelpName = "MODEL.json" };
        var proba = new Option<bool>("--proba") { Description = "Write posterior probabilities (n×k float64) instead of labels (n int64)" };
        var output = FileGuard.Output(new Option<string>("--output", "-o") { Description = "Output file, .npy or .csv", Required = true, HelpName = "FILE" }, OutputKind.Table);
        var dims = new Option<int?>("--dims") { Description = "Features per row of a raw little-endian float32 INPUT", HelpName = "D" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success" };
        var missing = MissingOption.Create();
        FitSettings.AtLeast(dims, 1);
        var command = new Command("predict", "Most probable component of each point of INPUT (or, with --proba, every component's posterior probability).")
        {
            input, model, proba, output, dims, quiet, missing,
        };
        command.SetAction(parsed => Run(context, parsed.GetValue(input)!, parsed.GetValue(model)!, parsed.GetValue(proba),
            parsed.GetValue(output)!, parsed.GetValue(dims), parsed.GetValue(quiet), MissingOption.Parse(parsed.GetValue(missing))));
        return command;
    }

    private static int Run(CliContext context, string inputPath, string modelPath, bool probabilities, string outputPath, int? dims, bool quiet, MissingValues missing)
    {
        var content = ModelFile.Read(modelPath);
        if (content.Posterior is not null && missing == MissingValues.Marginalize)
            throw new CliException($"--missing marginalize predicts with a gmm-model/1 file; {modelPath} is a variational model, whose responsibilities have no marginal form here.");
        var model = content.Posterior?.ExpectationModel ?? content.Model; // a variational model's responsibilities are its E-step model's
        using var data = ModelInput.Open(inputPath, dims, model, modelPath, missing);
        int k = model.ComponentCount;
        using (var writer = probabilities
            ? ArrayWriter.ForValues(outputPath, data.Count, [.. Enumerable.Range(0, k).Select(c => $"p{c}")])
            : ArrayWriter.ForLabels(outputPath, data.Count))
        {
            foreach (var (labels, posteriors) in data.Predict(model, probabilities, ChunkRows))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (labels is not null) writer.WriteLabels(labels);
                else writer.WriteValues(posteriors);
            }
            writer.Commit();
        }
        if (!quiet)
            context.Out.WriteLine($"wrote {(probabilities ? $"{data.Count}×{k} posterior probabilities" : $"{data.Count} labels")} to {outputPath}");
        return Cli.Success;
    }
}
