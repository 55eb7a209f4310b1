using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cli.Speech;
using Gmm.Speech.Adaptation;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm adapt FEATS... --ubm ubm.json -o speaker.json [--relevance 16] [--adapt means,weights,variances]: a speaker model by
/// MAP adaptation of the UBM (Reynolds et al. 2000). With --spk2utt, one model per speaker of a Kaldi spk2utt file from
/// the keyed utterances of FEATS, written to the folder -o, all from one backend.
/// </summary>
internal static class AdaptCommand
{
    public static Command Create(CliContext context)
    {
        var features = new Argument<string[]>("FEATS") { Description = $"Feature files ({DataReader.SupportedFormats}); with --spk2utt, Kaldi archives or scripts, HTK files, lists or folders of utterances", Arity = ArgumentArity.OneOrMore };
        var ubm = new Option<string>("--ubm") { Description = "The UBM (gmm-model/1 JSON, from gmm ubm)", Required = true, HelpName = "UBM.json" };
        var output = FileGuard.Output(new Option<string>("--output", "-o") { Description = "Where to write the speaker model (with --spk2utt: a folder, one SPEAKER.json each)", Required = true, HelpName = "SPEAKER.json" }, OutputKind.ModelOrFolder);
        var relevance = new Option<double>("--relevance") { Description = "Relevance factor r of α = n / (n + r)", DefaultValueFactory = _ => 16, HelpName = "R" };
        var adapt = new Option<string>("--adapt") { Description = "What to adapt: means, weights, variances, comma-separated", DefaultValueFactory = _ => "means", HelpName = "LIST" };
        var speakers = new Option<string?>("--spk2utt") { Description = "Kaldi spk2utt file ('SPEAKER UTT1 UTT2 ...' per line): adapt every speaker from their utterances", HelpName = "FILE" };
        var shared = new SpeakerOptions();
        var command = new Command("adapt", "Adapt the UBM to a speaker's FEATS by MAP (Reynolds et al. 2000): one statistics pass, then α-weighted means (and optionally weights and variances).")
        {
            features, ubm, output, relevance, adapt, speakers,
        };
        shared.AddTo(command);
        command.SetAction(parsed => Run(context, parsed, shared, parsed.GetValue(features)!, parsed.GetValue(ubm)!, parsed.GetValue(output)!,
            parsed.GetValue(relevance), parsed.GetValue(adapt)!, parsed.GetValue(speakers)));
        return command;
    }

    private static int Run(CliContext context, ParseResult parsed, SpeakerOptions shared, string[] featurePaths, string ubmPath, string outputPath,
        double relevance, string adaptList, string? speakersPath)
    {
        bool quiet = parsed.GetValue(shared.Quiet);
        var options = new MapOptions { RelevanceFactor = relevance, Parameters = ParseParameters(adaptList), Precision = shared.ComputePrecision(parsed) };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException($"gmm adapt: {Errors.Describe(e)} (--relevance {relevance.ToString(CultureInfo.InvariantCulture)}).", e);
        }
        if (speakersPath is null)
        {
            InputFiles.CheckOutput(outputPath, "--output", featurePaths, [ubmPath]); // a folder is refused here: it is for --spk2utt
            OutputKind.Model.CheckExtension(outputPath, "--output");
        }
        var model = ModelFile.Read(ubmPath).Model;
        using var device = BackendFactory.Select(parsed.GetValue(shared.Device)!);
        using var adapter = new MapAdapter(model, options, device.Provider);
        if (!quiet) context.Out.WriteLine($"device: {device.Description} — {device.Reason}");
        string what = adaptList.Replace(",", ", ", StringComparison.Ordinal);
        if (speakersPath is not null) return AdaptSpeakers(context, quiet, adapter, featurePaths, ubmPath, speakersPath, outputPath, what);

        using var data = FeatureInputs.Open(featurePaths, parsed.GetValue(shared.Dims));
        if (data.Dimension != model.Dimension)
            throw new CliException($"{data.Path} has {data.Dimension} features per frame but the UBM {ubmPath} has {model.Dimension}.");
        data.CheckFinite();
        var adapted = data switch
        {
            InputData<float> single => adapter.Adapt(single.Source),
            InputData<double> wide => adapter.Adapt(wide.Source),
            _ => throw new InvalidOperationException("features of an unknown element type."),
        };
        ModelFile.Write(outputPath, new ModelFile.Content(adapted, null, 1, null));
        if (!quiet)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"adapted {what} of the {model.ComponentCount}-component UBM to {data.Count} frames of {data.Path} (relevance {relevance}); model written to {outputPath}"));
        return Cli.Success;
    }

    private static int AdaptSpeakers(CliContext context, bool quiet, MapAdapter adapter, string[] featurePaths, string ubmPath, string speakersPath,
        string folder, string what)
    {
        DataReader.CheckReadable(speakersPath);
        var speakers = SpeakerEnrollment.Read(speakersPath);
        if (File.Exists(folder)) throw new CliException($"--output {folder}: with --spk2utt the output is a folder (one SPEAKER.json per speaker), and this is a file.");
        string? parent = Path.GetDirectoryName(Path.GetFullPath(folder));
        if (parent is not null && !Directory.Exists(parent)) throw new CliException($"--output {folder}: folder '{parent}' does not exist.");
        foreach (var speaker in speakers)
            if (speaker.Speaker.IndexOfAny(['/', '\\']) >= 0 || speaker.Speaker is "." or "..")
                throw new CliException($"{speakersPath}: speaker '{speaker.Speaker}' cannot name a model file; use ids without path separators.");
        Directory.CreateDirectory(folder);
        foreach (var speaker in speakers)
            InputFiles.CheckOutput(Path.Combine(folder, speaker.Speaker + ".json"), "--output", featurePaths, [ubmPath, speakersPath]);
        var utterances = featurePaths.SelectMany(FeatureInputs.Utterances);
        int written = 0;
        foreach (var speaker in adapter.AdaptSpeakers(utterances, speakers))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            string path = Path.Combine(folder, speaker.Speaker + ".json");
            ModelFile.Write(path, new ModelFile.Content(speaker.Model, null, 1, null));
            written++;
            if (!quiet) context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{speaker.Speaker}: {speaker.Frames} frames → {path}"));
        }
        if (!quiet)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"adapted {what} of the {adapter.Ubm.ComponentCount}-component UBM for {written} speakers (relevance {adapter.Options.RelevanceFactor}); models written to {folder}"));
        return Cli.Success;
    }

    /// <summary>"means,weights,variances" (any non-empty subset, any order) as flags.</summary>
    private static AdaptedParameters ParseParameters(string list)
    {
        AdaptedParameters parameters = 0;
        foreach (string name in list.Split(',', StringSplitOptions.TrimEntries))
            parameters |= name switch
            {
                "means" => AdaptedParameters.Means,
                "weights" => AdaptedParameters.Weights,
                "variances" => AdaptedParameters.Variances,
                _ => throw new CliException($"--adapt '{list}': '{name}' is not one of means, weights, variances (comma-separated)."),
            };
        return parameters;
    }
}
