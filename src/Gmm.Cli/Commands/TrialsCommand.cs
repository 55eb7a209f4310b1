using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cli.Speech;
using Gmm.Speech.Verification;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm trials TRIALS --models DIR --ubm ubm.json --features ARK_OR_DIR -o scores.txt: scores a Kaldi trials list
/// ("model utterance [target|nontarget]") with top-C log-likelihood ratios, each test utterance read once and scored
/// against all its models in one pass, on the CPU or a GPU.
/// </summary>
internal static class TrialsCommand
{
    public static Command Create(CliContext context)
    {
        var trials = new Argument<string>("TRIALS") { Description = "Kaldi trials file: 'MODEL UTTERANCE [target|nontarget]' per line" };
        var models = new Option<string>("--models") { Description = "Folder of speaker models, MODEL.json each (gmm adapt)", Required = true, HelpName = "DIR" };
        var ubm = new Option<string>("--ubm") { Description = "The UBM the models were adapted from", Required = true, HelpName = "UBM.json" };
        var features = new Option<string>("--features") { Description = "Test utterances: a Kaldi archive or script, an HTK file, a .list, or a folder of per-utterance files", Required = true, HelpName = "ARK_OR_DIR" };
        var output = FileGuard.Output(new Option<string>("--output", "-o") { Description = "Scores: 'MODEL UTTERANCE SCORE [target|nontarget]' per trial, in the trials' order", Required = true, HelpName = "scores.txt" }, OutputKind.Text);
        var topC = new Option<int>("--top-c") { Description = "Evaluate only each frame's C best UBM components in both models (0: all)", DefaultValueFactory = _ => VerificationScorer.DefaultShortlistLength, HelpName = "C" };
        FitSettings.AtLeast(topC, 0);
        var shared = new SpeakerOptions();
        var command = new Command("trials", "Score a Kaldi trials list: each model's log-likelihood ratio against the UBM on each test utterance (top-C), on the CPU or a GPU.")
        {
            trials, models, ubm, features, output, topC,
        };
        shared.AddTo(command, dims: false);
        command.SetAction(parsed => Run(context, parsed, shared, parsed.GetValue(trials)!, parsed.GetValue(models)!, parsed.GetValue(ubm)!,
            parsed.GetValue(features)!, parsed.GetValue(output)!, parsed.GetValue(topC)));
        return command;
    }

    private static int Run(CliContext context, ParseResult parsed, SpeakerOptions shared, string trialsPath, string modelFolder, string ubmPath,
        string featuresPath, string outputPath, int shortlist)
    {
        bool quiet = parsed.GetValue(shared.Quiet);
        DataReader.CheckReadable(trialsPath);
        var list = Trial.ReadList(trialsPath);
        if (!Directory.Exists(modelFolder)) throw new CliException($"--models {modelFolder}: not a folder (it should hold MODEL.json for every model of the trials).");
        var modelFiles = list.Select(t => t.Model).Distinct(StringComparer.Ordinal).ToDictionary(name => name, name => ModelPath(modelFolder, name, trialsPath), StringComparer.Ordinal);
        InputFiles.CheckOutput(outputPath, "--output", [trialsPath, ubmPath, featuresPath], modelFiles.Values);
        var ubm = ModelFile.Read(ubmPath).Model;
        using var device = BackendFactory.Select(parsed.GetValue(shared.Device)!);
        if (!quiet) context.Out.WriteLine($"device: {device.Description} — {device.Reason}");
        using var scorer = new VerificationScorer(ubm, shortlist, device.Provider, shared.ComputePrecision(parsed));
        GaussianMixtureModel Load(string name)
        {
            var model = ModelFile.Read(modelFiles[name]).Model;
            if (model.ComponentCount != ubm.ComponentCount || model.Dimension != ubm.Dimension)
                throw new CliException($"{modelFiles[name]} has {model.ComponentCount} components of {model.Dimension} features but the UBM {ubmPath} has {ubm.ComponentCount} of {ubm.Dimension}; score models adapted from this UBM.");
            return model;
        }
        var clock = Stopwatch.StartNew();
        var utterances = FeatureInputs.Utterances(featuresPath).Select(u =>
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (u.Features.Rows > 0 && u.Features.Columns != ubm.Dimension)
                throw new CliException($"{featuresPath}: utterance '{u.Key}' has {u.Features.Columns} features per frame but the UBM {ubmPath} has {ubm.Dimension}.");
            return u;
        });
        IReadOnlyList<LikelihoodRatio> scores;
        try
        {
            scores = scorer.ScoreTrials(list, Load, utterances);
        }
        catch (ArgumentException e) when (e.ParamName == "utterances")
        {
            throw new CliException($"{featuresPath}: {Errors.Describe(e)}", e);
        }
        var text = new StringBuilder();
        for (int i = 0; i < list.Count; i++) text.Append(TrialScoreFile.Line(list[i], scores[i].Value)).Append('\n');
        using (var file = AtomicFile.Create(outputPath))
        {
            file.Stream.Write(new UTF8Encoding(false).GetBytes(text.ToString()));
            file.Commit();
        }
        if (!quiet)
        {
            int targets = list.Count(t => t.IsTarget == true), nontargets = list.Count(t => t.IsTarget == false);
            string labels = targets + nontargets > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({targets} target, {nontargets} nontarget)") : "";
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {list.Count} trials{labels} of {modelFiles.Count} models on {list.Select(t => t.Utterance).Distinct().Count()} utterances, top-{(shortlist == 0 ? "all" : shortlist.ToString(CultureInfo.InvariantCulture))}, in {clock.Elapsed.TotalSeconds:F2} s; scores written to {outputPath}"));
        }
        return Cli.Success;
    }

    /// <summary>DIR/NAME.json, which must exist.</summary>
    private static string ModelPath(string folder, string name, string trialsPath)
    {
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new CliException($"{trialsPath}: model '{name}' cannot name a model file; use ids without path separators.");
        string path = Path.Combine(folder, name + ".json");
        if (!File.Exists(path)) throw new CliException($"{trialsPath}: model '{name}' has no file {path}; adapt it first (gmm adapt ... -o {path}).");
        return path;
    }
}
