using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Speech.Verification;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm score INPUT --model M [--json] [--missing marginalize]: mean log-likelihood of the points under the model (with
/// --missing marginalize, of each row's observed features); with --ubm U [--top-c C], the
/// speaker model's log-likelihood ratio per frame against the UBM.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats})", optional: false);
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1 or gmm-bayesian-model/1 JSON)", Required = true, HelpName = "MODEL.json" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object: {\"mean_log_likelihood\": x, \"n_samples\": n} (x is null when it is -∞)" };
        var dims = new Option<int?>("--dims") { Description = "Features per row of a raw little-endian float32 INPUT", HelpName = "D" };
        var ubm = new Option<string?>("--ubm") { Description = "Score a speaker model against this UBM instead: the log-likelihood ratio per frame ({\"llr\": x, \"n_frames\": n} with --json)", HelpName = "UBM.json" };
        var topC = new Option<int?>("--top-c") { Description = "With --ubm: evaluate only each frame's C best UBM components in both models (0: all) [default: 5]", HelpName = "C" };
        var missing = MissingOption.Create();
        FitSettings.AtLeast(dims, 1);
        FitSettings.AtLeast(topC, 0);
        var command = new Command("score", "Mean log-likelihood per point of INPUT under a model (scikit-learn's score), or with --ubm a speaker model's log-likelihood ratio against the UBM.")
        {
            input, model, json, dims, ubm, topC, missing,
        };
        command.SetAction(parsed => parsed.GetValue(ubm) is { } ubmPath
            ? RunRatio(context, parsed.GetValue(input)!, parsed.GetValue(model)!, ubmPath, parsed.GetValue(topC) ?? VerificationScorer.DefaultShortlistLength, parsed.GetValue(json), parsed.GetValue(dims))
            : parsed.GetValue(topC) is not null
                ? context.Fail(CliException.ExitCode, "--top-c applies to a speaker model scored against a UBM; give --ubm UBM.json (see 'gmm score --help')")
                : Run(context, parsed.GetValue(input)!, parsed.GetValue(model)!, parsed.GetValue(json), parsed.GetValue(dims), MissingOption.Parse(parsed.GetValue(missing))));
        return command;
    }

    /// <summary>The log-likelihood ratio per frame of a speaker model against the UBM, top-C scored.</summary>
    private static int RunRatio(CliContext context, string inputPath, string modelPath, string ubmPath, int shortlist, bool json, int? dims)
    {
        var model = ModelFile.Read(modelPath).Model;
        var ubm = ModelFile.Read(ubmPath).Model;
        if (model.ComponentCount != ubm.ComponentCount || model.Dimension != ubm.Dimension)
            throw new CliException($"{modelPath} has {model.ComponentCount} components of {model.Dimension} features but the UBM {ubmPath} has {ubm.ComponentCount} of {ubm.Dimension}; score models adapted from this UBM.");
        using var data = ModelInput.Open(inputPath, dims, model, modelPath);
        using var scorer = new VerificationScorer(ubm, shortlist);
        var ratio = data switch
        {
            InputData<float> single => scorer.Score(model, single.Source),
            InputData<double> wide => scorer.Score(model, wide.Source),
            _ => throw new InvalidOperationException("data of an unknown element type."),
        };
        if (json)
        {
            using (var writer = new Utf8JsonWriter(new TextWriterStream(context.Out)))
            {
                writer.WriteStartObject();
                if (double.IsFinite(ratio.Value)) writer.WriteNumber("llr", ratio.Value);
                else writer.WriteNull("llr");
                writer.WriteNumber("n_frames", data.Count);
                writer.WriteEndObject();
            }
            context.Out.WriteLine();
        }
        else
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"log-likelihood ratio {ratio.Value:R} per frame ({data.Count} frames from {data.Path}, model {modelPath} against UBM {ubmPath}, top-{(shortlist == 0 ? "all" : shortlist.ToString(CultureInfo.InvariantCulture))} scoring)"));
        }
        return Cli.Success;
    }

    private static int Run(CliContext context, string inputPath, string modelPath, bool json, int? dims, MissingValues missing)
    {
        var content = ModelFile.Read(modelPath);
        if (content.Posterior is not null && missing == MissingValues.Marginalize)
            throw new CliException($"--missing marginalize scores a gmm-model/1 file; {modelPath} is a variational model, whose score has no marginal form here.");
        using var data = ModelInput.Open(inputPath, dims, content.Model, modelPath, missing);
        double score = content.Posterior is { } posterior ? data.Score(posterior) : data.Score(content.Model);
        if (!double.IsFinite(score))
            context.Warn($"the mean log-likelihood is {score.ToString(CultureInfo.InvariantCulture)}: at least one point has zero density under the model (it lies too far from every component).");
        if (json)
        {
            using (var writer = new Utf8JsonWriter(new TextWriterStream(context.Out)))
            {
                writer.WriteStartObject();
                if (double.IsFinite(score)) writer.WriteNumber("mean_log_likelihood", score);
                else writer.WriteNull("mean_log_likelihood"); // JSON has no infinity
                writer.WriteNumber("n_samples", data.Count);
                writer.WriteEndObject();
            }
            context.Out.WriteLine();
        }
        else
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mean log-likelihood {score:R} per point ({data.Count} points from {data.Path}, model {modelPath})"));
        }
        return Cli.Success;
    }

    /// <summary>Lets a Utf8JsonWriter write into a TextWriter (UTF-8 bytes decoded back to text).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => writer.Write(System.Text.Encoding.UTF8.GetString(buffer, offset, count));
    }
}
