using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cli.Speech;
using Gmm.Speech.Ubm;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm ubm FEATS... -k 512 -c diag -o ubm.json: a universal background model as Kaldi's sid recipes train it (random
/// frames, splitting to K, EM over subsampled frames, optionally full covariances), with Kaldi's option names.
/// </summary>
internal static class UbmCommand
{
    public static Command Create(CliContext context)
    {
        var features = new Argument<string[]>("FEATS") { Description = $"Feature files ({DataReader.SupportedFormats}); several are used one after another", Arity = ArgumentArity.OneOrMore };
        var components = new Option<int>("--components", "-k") { Description = "Components of the UBM (Kaldi's num-gauss)", Required = true, HelpName = "K" };
        var covariance = new Option<string>("--covariance", "-c") { Description = "diag, or full (a diagonal UBM, then full-covariance iterations from it)", DefaultValueFactory = _ => "diag", HelpName = "diag|full" };
        var output = FileGuard.Output(new Option<string>("--output", "-o") { Description = "Where to write the UBM (JSON, gmm-model/1)", Required = true, HelpName = "UBM.json" }, OutputKind.Model);
        var seed = new Option<int>("--seed") { Description = "Seed of the frame sample, the starting frames and the splits", DefaultValueFactory = _ => 0, HelpName = "S" };
        var initIterations = new Option<int>("--num-iters-init") { Description = "EM iterations of the initialisation on in-memory frames, splitting up to K halfway", DefaultValueFactory = _ => 20, HelpName = "N" };
        var iterations = new Option<int>("--num-iters") { Description = "EM iterations over all (subsampled) frames", DefaultValueFactory = _ => 4, HelpName = "N" };
        var fullIterations = new Option<int>("--num-iters-full") { Description = "EM iterations of the full-covariance UBM (-c full)", DefaultValueFactory = _ => 4, HelpName = "N" };
        var frames = new Option<int>("--num-frames") { Description = "Frames kept in memory for the initialisation (a uniform sample)", DefaultValueFactory = _ => 500_000, HelpName = "N" };
        var subsample = new Option<int>("--subsample") { Description = "The EM iterations use every N-th frame", DefaultValueFactory = _ => 5, HelpName = "N" };
        var proportion = new Option<double>("--initial-gauss-proportion") { Description = "The initialisation starts from this share of K", DefaultValueFactory = _ => 0.5, HelpName = "P" };
        var minWeight = new Option<double>("--min-gaussian-weight") { Description = "Components with a lower weight are removed", DefaultValueFactory = _ => 1e-4, HelpName = "W" };
        var minOccupancy = new Option<double>("--min-gaussian-occupancy") { Description = "Diagonal components with a lower occupancy are removed (full: 100)", DefaultValueFactory = _ => 10, HelpName = "N" };
        var minVariance = new Option<double>("--min-variance") { Description = "Absolute variance floor (full: eigenvalue floor)", DefaultValueFactory = _ => 0.001, HelpName = "V" };
        var relativeFloor = new Option<double>("--relative-variance-floor") { Description = "Variance floor as a share of each feature's global variance (0: off)", DefaultValueFactory = _ => 0, HelpName = "F" };
        var remove = new Option<string>("--remove-low-count-gaussians") { Description = "Remove components below the weight or occupancy floor", DefaultValueFactory = _ => "true", HelpName = "BOOL" };
        covariance.AcceptOnlyFromAmong("diag", "full");
        remove.AcceptOnlyFromAmong("true", "false");
        FitSettings.AtLeast(components, 1);
        FitSettings.AtLeast(initIterations, 1);
        FitSettings.AtLeast(iterations, 0);
        FitSettings.AtLeast(fullIterations, 0);
        FitSettings.AtLeast(frames, 1);
        FitSettings.AtLeast(subsample, 1);
        var shared = new SpeakerOptions();
        var command = new Command("ubm", "Train a universal background model on FEATS as Kaldi's speaker-id recipes do (sid/train_diag_ubm.sh, train_full_ubm.sh).")
        {
            features, components, covariance, output, seed, initIterations, iterations, fullIterations, frames, subsample, proportion, minWeight,
            minOccupancy, minVariance, relativeFloor, remove,
        };
        shared.AddTo(command);
        command.SetAction(parsed =>
        {
            var options = new UbmOptions
            {
                ComponentCount = parsed.GetValue(components),
                CovarianceType = parsed.GetValue(covariance) == "full" ? CovarianceType.Full : CovarianceType.Diagonal,
                InitialComponentProportion = parsed.GetValue(proportion),
                InitializationFrames = parsed.GetValue(frames),
                InitializationIterations = parsed.GetValue(initIterations),
                Iterations = parsed.GetValue(iterations),
                FullIterations = parsed.GetValue(fullIterations),
                Subsample = parsed.GetValue(subsample),
                MinGaussianWeight = parsed.GetValue(minWeight),
                MinGaussianOccupancy = parsed.GetValue(minOccupancy),
                VarianceFloor = parsed.GetValue(minVariance),
                RelativeVarianceFloor = parsed.GetValue(relativeFloor),
                RemoveLowCountGaussians = parsed.GetValue(remove) == "true",
                Seed = parsed.GetValue(seed),
                Precision = shared.ComputePrecision(parsed),
            };
            return Run(context, parsed, shared, parsed.GetValue(features)!, parsed.GetValue(output)!, options);
        });
        return command;
    }

    private static int Run(CliContext context, ParseResult parsed, SpeakerOptions shared, string[] featurePaths, string outputPath, UbmOptions options)
    {
        bool quiet = parsed.GetValue(shared.Quiet);
        InputFiles.CheckOutput(outputPath, "--output", featurePaths);
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException($"gmm ubm: {Errors.Describe(e)}", e);
        }
        using var data = FeatureInputs.Open(featurePaths, parsed.GetValue(shared.Dims));
        data.CheckFinite();
        using var device = BackendFactory.Select(parsed.GetValue(shared.Device)!);
        string type = options.CovarianceType == CovarianceType.Full ? "full" : "diag";
        if (!quiet)
        {
            context.Out.WriteLine($"device: {device.Description} — {device.Reason}");
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training a {options.ComponentCount}-component {type} UBM on {data.Count} frames × {data.Dimension} features from {data.Path}"));
        }
        var trainer = new UbmTrainer(options, device.Provider);
        var progress = quiet ? null : new Sink(report => context.Out.WriteLine(Line(report)));
        var result = data switch
        {
            InputData<float> single => trainer.Train(single.Source, progress, context.Cancellation),
            InputData<double> wide => trainer.Train(wide.Source, progress, context.Cancellation),
            _ => throw new InvalidOperationException("features of an unknown element type."),
        };
        SpeakerOptions.Warn(context, result.Warnings);
        int iterations = options.InitializationIterations + options.Iterations + (options.CovarianceType == CovarianceType.Full ? options.FullIterations : 0);
        ModelFile.Write(outputPath, new ModelFile.Content(result.Model, null, iterations, result.LogLikelihood));
        if (!quiet)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"UBM written to {outputPath}: {result.Model.ComponentCount} {type} components, log-likelihood {result.LogLikelihood:F6} per frame, {result.Elapsed.TotalSeconds:F1} s"));
        return Cli.Success;
    }

    /// <summary>"init   iter  3/20  256 components  log-likelihood -61.234567  12.34 ms", or "init   split to 281 components".</summary>
    public static string Line(UbmProgress report)
    {
        string phase = report.Phase switch
        {
            UbmPhase.Initialization => "init ",
            UbmPhase.Training => "train",
            _ => "full ",
        };
        return report.IsSplit
            ? string.Create(CultureInfo.InvariantCulture, $"{phase}  split to {report.SplitTo} components")
            : string.Create(CultureInfo.InvariantCulture,
                $"{phase}  iter {report.Iteration,2}/{report.Iterations}  {report.Components,5} components  {report.Frames} frames  log-likelihood {report.LogLikelihood:F6}  {report.Elapsed.TotalMilliseconds:F1} ms");
    }

    private sealed class Sink(Action<UbmProgress> action) : IProgress<UbmProgress>
    {
        public void Report(UbmProgress value) => action(value);
    }
}
