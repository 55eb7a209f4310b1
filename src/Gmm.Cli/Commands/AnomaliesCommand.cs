using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm anomalies INPUT --model M [--contamination C | --threshold T] --output FILE: flags the lowest-density points.
/// With --contamination the threshold is numpy's linear percentile at 100·C of the points' scores (one pass), then a
/// second pass writes the flags; --threshold gives it in log-density; with neither, the model file's stored
/// anomaly_threshold (set by gmm fit --contamination) is used.
/// </summary>
internal static class AnomaliesCommand
{
    private const int ChunkRows = 1 << 16;

    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats})", optional: false);
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1 or gmm-bayesian-model/1 JSON)", Required = true, HelpName = "MODEL.json" };
        var contamination = NumberOptions.Fraction(new Option<double?>("--contamination")
        {
            Description = "Flag this fraction of INPUT: the threshold is numpy's percentile (linear) at 100·C of the points' log-densities, as scikit-learn's score_samples with np.percentile",
            HelpName = "C",
        });
        var threshold = NumberOptions.Finite(new Option<double?>("--threshold")
        {
            Description = "Flag the points whose log-density (nats; a variational model's score_samples) is below T",
            HelpName = "T",
        });
        var output = FileGuard.Output(new Option<string>("--output", "-o")
        {
            Description = "Flags, one per row: .npy of numpy bool (|b1: 1 = anomaly), or .csv with a column \"anomaly\" of 1/0",
            Required = true,
            HelpName = "FILE",
        }, OutputKind.Table);
        var device = new Option<string>("--device")
        {
            Description = "Where to compute the log-densities: cpu (float64 on the host), a GPU (its query kernels, in the data's precision), or auto = the first CUDA device, else an OpenCL GPU, else cpu",
            HelpName = "auto|cpu|cuda|opencl|ilgpu-cpu",
            DefaultValueFactory = _ => "auto",
        };
        device.AcceptOnlyFromAmong([.. BackendFactory.Devices]);
        var dims = new Option<int?>("--dims") { Description = "Features per row of a raw little-endian float32 INPUT", HelpName = "D" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object: {\"threshold\": t, \"n_flagged\": f, \"n_samples\": n}" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success" };
        FitSettings.AtLeast(dims, 1);
        var command = new Command("anomalies",
            "Flag the points of INPUT whose log-density under a model is below a threshold (a point exactly at the threshold is not flagged): " +
            "set by --contamination, given by --threshold, or stored in the model file by gmm fit --contamination.")
        {
            input, model, contamination, threshold, output, device, dims, json, quiet,
        };
        command.SetAction(parsed => Run(context, parsed.GetValue(input)!, parsed.GetValue(model)!, parsed.GetValue(contamination), parsed.GetValue(threshold),
            parsed.GetValue(output)!, parsed.GetValue(device)!, parsed.GetValue(dims), parsed.GetValue(json), parsed.GetValue(quiet)));
        return command;
    }

    /// <summary>--contamination of gmm fit: its help text.</summary>
    public const string FitOptionDescription =
        "Also set the anomaly threshold at this fraction of INPUT (numpy's percentile at 100·C of the points' log-densities, weights ignored) and store it in the model file (anomaly_threshold) for gmm anomalies";

    /// <summary>
    /// The threshold gmm fit --contamination stores: over every point of the training <paramref name="data"/> (sample
    /// weights ignored) on the fit's backend; printed unless quiet. Null, with a warning, where it is −∞ (JSON has no infinity).
    /// </summary>
    public static StoredAnomalyThreshold? AtFit(CliContext context, InputData data, IEmBackendProvider provider, GaussianMixtureModel model,
        BayesianGaussianMixtureModel? posterior, double contamination, bool quiet)
    {
        double threshold = data.AnomalyThreshold(provider, model, posterior, contamination);
        if (!double.IsFinite(threshold))
        {
            context.Warn(string.Create(CultureInfo.InvariantCulture, $"the anomaly threshold at contamination {contamination:R} is {threshold}: points of zero density reach the percentile; no threshold is stored."));
            return null;
        }
        if (!quiet)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"anomaly threshold {threshold:R} (log-density, nats; numpy's percentile at {100 * contamination:R} of the {data.Count} points' scores)"));
        return new StoredAnomalyThreshold(threshold, contamination);
    }

    private static int Run(CliContext context, string inputPath, string modelPath, double? contamination, double? threshold, string outputPath,
        string deviceName, int? dims, bool json, bool quiet)
    {
        if (contamination is not null && threshold is not null)
            throw new CliException("--contamination and --threshold both set the threshold; give one of them.");
        var content = ModelFile.Read(modelPath);
        if (contamination is null && threshold is null && content.Anomaly is null)
            throw new CliException($"{modelPath} stores no anomaly threshold; give --contamination C or --threshold T (or store one with gmm fit --contamination C -o {modelPath}).");
        using var data = ModelInput.Open(inputPath, dims, content.Model, modelPath);
        using var device = BackendFactory.Select(deviceName);
        var c = CultureInfo.InvariantCulture;
        double limit;
        string origin;
        if (contamination is { } fraction)
        {
            limit = data.AnomalyThreshold(device.Provider, content.Model, content.Posterior, fraction);
            origin = string.Create(c, $"numpy's percentile at {100 * fraction:R} of the {data.Count} points' scores (--contamination {fraction:R})");
        }
        else if (threshold is { } given)
        {
            limit = given;
            origin = "--threshold";
        }
        else
        {
            limit = content.Anomaly!.Threshold;
            origin = $"stored in {modelPath}" + (content.Anomaly.Contamination is { } stored ? string.Create(c, $", set at contamination {stored:R} by the fit") : "");
        }
        long flagged = 0;
        using (var writer = ArrayWriter.ForFlags(outputPath, data.Count))
        {
            foreach (var chunk in data.FlagAnomalies(device.Provider, content.Model, content.Posterior, limit, ChunkRows))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                writer.WriteFlags(chunk.Flags);
                foreach (bool flag in chunk.Flags) if (flag) flagged++;
            }
            writer.Commit();
        }
        if (json)
        {
            string value = double.IsFinite(limit) ? limit.ToString("R", c) : "null"; // JSON has no infinity
            context.Out.WriteLine(string.Create(c, $"{{\"threshold\": {value}, \"n_flagged\": {flagged}, \"n_samples\": {data.Count}}}"));
        }
        else if (!quiet)
        {
            context.Out.WriteLine(string.Create(c, $"threshold {limit:R} (log-density, nats; {origin})"));
            context.Out.WriteLine(string.Create(c, $"flagged {flagged} of {data.Count} points (log-density below the threshold); flags written to {outputPath}"));
        }
        return Cli.Success;
    }
}
