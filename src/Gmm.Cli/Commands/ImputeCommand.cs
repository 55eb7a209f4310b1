using System.CommandLine;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm impute INPUT --model M --output OUT: INPUT with every missing value (NaN) replaced by its conditional mean under
/// the mixture (posterior-weighted over the components, given the row's observed features); observed values are
/// written unchanged. Streams chunk by chunk; n×d float64.
/// </summary>
internal static class ImputeCommand
{
    private const int ChunkRows = 1 << 16;

    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats}); NaN marks a missing value", optional: false);
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1, or gmm-bayesian-model/1: its E-step mixture)", Required = true, HelpName = "MODEL.json" };
        var output = FileGuard.Output(new Option<string>("--output", "-o") { Description = "Output file, .npy or .csv (n×d float64)", Required = true, HelpName = "OUT.npy" }, OutputKind.Table);
        var dims = new Option<int?>("--dims") { Description = "Features per row of a raw little-endian float32 INPUT", HelpName = "D" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success" };
        FitSettings.AtLeast(dims, 1);
        var command = new Command("impute", "Fill the missing values (NaN) of INPUT with their conditional mean under a model; observed values are kept.")
        {
            input, model, output, dims, quiet,
        };
        command.SetAction(parsed => Run(context, parsed.GetValue(input)!, parsed.GetValue(model)!, parsed.GetValue(output)!, parsed.GetValue(dims), parsed.GetValue(quiet)));
        return command;
    }

    private static int Run(CliContext context, string inputPath, string modelPath, string outputPath, int? dims, bool quiet)
    {
        var content = ModelFile.Read(modelPath);
        var model = content.Posterior?.ExpectationModel ?? content.Model;
        using var data = ModelInput.Open(inputPath, dims, model, modelPath, MissingValues.Marginalize);
        string[] header = data.FeatureNames ?? [.. Enumerable.Range(0, data.Dimension).Select(j => $"x{j}")];
        using (var writer = ArrayWriter.ForValues(outputPath, data.Count, header))
        {
            foreach (var values in data.Impute(model, ChunkRows))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                writer.WriteValues(values);
            }
            writer.Commit();
        }
        if (!quiet)
            context.Out.WriteLine($"wrote {data.Count}×{data.Dimension} values to {outputPath}, missing values replaced by their conditional mean under {modelPath}");
        return Cli.Success;
    }
}
