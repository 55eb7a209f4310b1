using Gmm.Cpu;
using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cli.Selection;
using Spectre.Console;

namespace Gmm.Cli.Commands;

/// <summary>gmm fit [INPUT]: fits a mixture (the embedded iris data when INPUT is omitted) and optionally writes the model file.</summary>
internal static class FitCommand
{
    private const int DemoComponents = 3;

    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats}); omit to fit the embedded iris dataset (k = 3)", optional: true);
        var components = new Option<int?>("--components", "-k") { Description = "Number of components K (required with INPUT unless --init-model gives it)", HelpName = "K" };
        var model = new Option<string?>("--model")
        {
            Description = $"One of R mclust's covariance models ({ModelNames.List}); sets the covariance representation [default: --covariance's, or the --init-model's mclust_model]",
            HelpName = "EII|...|VVV",
        };
        var initModel = new Option<string?>("--init-model") { Description = "Start EM from exactly this model file's weights, means and precisions (with --bayesian: from a gmm-bayesian-model/1 file's posterior)", HelpName = "FILE" };
        var weights = new Option<string?>("--sample-weights") { Description = "One non-negative weight per point (.npy, .csv, or raw float32)", HelpName = "FILE" };
        var output = FileGuard.Output(new Option<string?>("--output", "-o") { Description = "Write the fitted model (JSON, gmm-model/1; gmm-bayesian-model/1 with --bayesian) here", HelpName = "MODEL.json" }, OutputKind.Model);
        var contamination = NumberOptions.Fraction(new Option<double?>("--contamination") { Description = AnomaliesCommand.FitOptionDescription, HelpName = "C" });
        var missing = MissingOption.Create();
        FitSettings.AtLeast(components, 1);
        var settings = new FitSettings();
        var bayesian = new BayesianSettings();
        var command = new Command("fit", "Fit a Gaussian mixture to INPUT (or to the embedded iris dataset) and print what it found.")
        {
            input, components, model,
        };
        settings.AddTo(command);
        command.Add(initModel);
        command.Add(weights);
        command.Add(output);
        command.Add(contamination);
        command.Add(missing);
        bayesian.AddTo(command, settings);
        command.SetAction(parsed => Run(context, parsed, settings, bayesian, parsed.GetValue(input), parsed.GetValue(components),
            parsed.GetValue(model), parsed.GetValue(initModel), parsed.GetValue(weights), parsed.GetValue(output), parsed.GetValue(contamination),
            MissingOption.Parse(parsed.GetValue(missing))));
        return command;
    }

    private static int Run(CliContext context, ParseResult parsed, FitSettings settings, BayesianSettings bayesian, string? inputPath, int? components,
        string? modelName, string? initModelPath, string? weightsPath, string? outputPath, double? contamination, MissingValues missing)
    {
        bool quiet = parsed.GetValue(settings.Quiet);
        bool variational = bayesian.IsRequested(parsed);
        if (variational && missing == MissingValues.Marginalize)
            throw new CliException("--missing marginalize and --bayesian cannot be combined: missing values are marginalised by the maximum-likelihood fit (and mclust's models).");
        if (contamination is not null && missing == MissingValues.Marginalize)
            throw new CliException("--contamination and --missing marginalize cannot be combined: the anomaly threshold is a percentile of complete points' log-densities; fit, then run gmm anomalies on complete data.");
        if (variational && modelName is not null)
            throw new CliException("--model (one of mclust's models) and --bayesian cannot be combined: the variational fit has scikit-learn's four covariance types; give --covariance instead.");
        var start = initModelPath is null ? null : ModelFile.Read(initModelPath);
        string? typeName = parsed.GetValue(settings.Covariance);
        var mclust = modelName is null ? typeName is null ? start?.Model.MclustModel : null : ModelNames.ParseOne(modelName, "--model");
        var type = mclust is { } named ? MclustModels.Get(named).CovarianceType
            : typeName is null ? start?.Model.CovarianceType ?? CovarianceType.Full : ModelFile.ParseType(typeName)!.Value;
        if (mclust is not null && typeName is not null && ModelFile.ParseType(typeName) != type)
            throw new CliException($"--covariance {typeName} contradicts --model {mclust}, which is fitted with {ModelFile.TypeName(type)} covariances; give one of them.");
        if (start is not null && start.Model.CovarianceType != type)
            throw new CliException($"{(mclust is not null && modelName is not null ? $"--model {mclust}" : $"--covariance {typeName}")} contradicts --init-model {initModelPath}, whose covariance_type is {ModelFile.TypeName(start.Model.CovarianceType)}.");
        if (start is not null && components is { } given && given != start.Model.ComponentCount)
            throw new CliException($"--components {given} contradicts --init-model {initModelPath}, which has {start.Model.ComponentCount} components.");
        int k = components ?? start?.Model.ComponentCount
            ?? (inputPath is null ? DemoComponents : throw new CliException("--components K is required when fitting INPUT (or give --init-model)."));

        // The CPU kernel compiles on another thread from the moment the fit's shape is known (docs/architecture.md): with
        // --device cpu and a start model, before the data file is opened; with --device cpu, once its header is read;
        // otherwise once the device is chosen. A later request for the same shape joins the running warm-up; a
        // variational fit's requests are the variational warm-up's, which the fit's own then joins.
        string deviceName = parsed.GetValue(settings.Device)!;
        var precision = settings.PrecisionOf(parsed);
        void WarmUp(CpuBackendProvider provider, int dimension)
        {
            if (variational) provider.WarmUpVariational(type, k, dimension, precision);
            else provider.WarmUp(type, k, dimension, precision);
        }
        if (deviceName == "cpu" && start is not null) WarmUp(CpuBackendProvider.Default, start.Model.Dimension);
        using var data = inputPath is null ? EmbeddedData.Iris() : DataReader.Open(inputPath, parsed.GetValue(settings.Dims), missing);
        if (deviceName == "cpu") WarmUp(CpuBackendProvider.Default, data.Dimension);
        if (start is not null && start.Model.Dimension != data.Dimension)
            throw new CliException($"--init-model {initModelPath} has {start.Model.Dimension} features but {data.Path} has {data.Dimension}.");
        if (k > data.Count)
            throw new CliException($"--components {k} exceeds the number of points in {data.Path} ({data.Count}); use at most {data.Count} components.");
        using var device = BackendFactory.Select(deviceName);
        if (device.Provider is CpuBackendProvider cpu) WarmUp(cpu, data.Dimension);
        // A quiet maximum-likelihood fit of a file leaves the check to the fit's own pass over it; should anything up to
        // the fit's end fail, the check runs before the error is reported (below), so nothing the tool prints changes.
        bool checkInFit = quiet && !variational && weightsPath is null && data.FitChecksFinite;
        if (!checkInFit) data.CheckFinite();
        var fitData = weightsPath is null ? data : data.WithWeights(DataReader.ReadWeights(weightsPath, data.Count));

        FitResult result;
        try
        {
            var options = settings.Build(parsed, k, type) with { Model = mclust, MissingValues = missing };
            if (variational)
            {
                bayesian.CheckDegreesOfFreedom(parsed, data.Dimension);
                return BayesianFit.Run(context, bayesian.Build(parsed, options, bayesian.Start(parsed, start, initModelPath)),
                    data, fitData, device, quiet, outputPath, contamination);
            }
            // The summary's BIC (a float64 scoring pass) has its code compiled while the fit runs (ScoreWarmUp).
            if (!quiet) data.StartScoreWarmUp(type, k);
            if (start is not null)
                options = options with { InitialParameters = InitialParameters.FromModel(start.Model) }; // all three given: no estimate is made

            if (!quiet)
            {
                context.Out.WriteLine($"device: {device.Description} — {device.Reason}");
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fitting {k} {(mclust is { } m ? $"{m} ({ModelFile.TypeName(type)} covariances)" : $"{ModelFile.TypeName(type)}-covariance")} components to {data.Count} points × {data.Dimension} features from {data.Path}"));
            }
            var mixture = new GaussianMixture(options, device.Provider);
            result = FitProgress.Run(context, quiet, device.Provider.Name, options.InitializationCount,
                progress => fitData.Fit(mixture, progress, context.Cancellation));
        }
        catch (Exception e) when (checkInFit && e is not OperationCanceledException)
        {
            data.CheckFinite(); // a non-finite value anywhere in the file is the error, as when the check ran first
            throw;
        }
        if (checkInFit) data.CheckedByFit();
        WarnAbout(context, result); // also under -q: warnings go to stderr
        if (!quiet || outputPath is null) Print(context, data, result, device.Description, quiet);
        var anomaly = contamination is { } fraction ? AnomaliesCommand.AtFit(context, data, device.Provider, result.Model, null, fraction, quiet) : null;
        if (outputPath is not null)
            ModelFile.Write(outputPath, new ModelFile.Content(result.Model, result.Converged, result.Iterations, result.LowerBound, Anomaly: anomaly));
        if (!quiet && outputPath is not null) context.Out.WriteLine($"model written to {outputPath}");
        return Cli.Success;
    }

    /// <summary>The warnings of the kept initialisation (at most 10), and how many the discarded ones had.</summary>
    private static void WarnAbout(CliContext context, FitResult result) => WarnAbout(context, result.Warnings, result.BestInitialization);

    /// <summary>The warnings of initialisation <paramref name="kept"/> (at most 10), and how many the others had.</summary>
    internal static void WarnAbout(CliContext context, IReadOnlyList<FitWarning> warnings, int keptInitialization)
    {
        var kept = warnings.Where(w => w.Initialization == keptInitialization).ToList();
        foreach (var warning in kept.Take(10)) context.Warn(warning.Message);
        if (kept.Count > 10) context.Warn($"... and {kept.Count - 10} more warnings.");
        int others = warnings.Count - kept.Count;
        if (others > 0) context.Warn($"{others} warning(s) of the other initialisations, which were not kept, are not shown.");
    }

    private static void Print(CliContext context, InputData data, FitResult result, string device, bool quiet)
    {
        var c = CultureInfo.InvariantCulture;
        var model = result.Model;
        Render.WriteComponents(context, model, data.FeatureNames, withDeviations: false);
        if (quiet) return;
        Render.WriteFacts(context,
        [
            ("converged", result.Converged ? $"yes, after {result.Iterations} iterations" : $"no, stopped after {result.Iterations} iterations"),
            ("lower bound", result.LowerBound.ToString("F6", c) + " (mean log-likelihood per point)"),
            ("BIC", data.Criteria(model).Bic.ToString("F3", c)),
            ("time", result.Elapsed.TotalSeconds.ToString("F3", c) + " s"),
            ("device", device),
        ]);
    }
}
