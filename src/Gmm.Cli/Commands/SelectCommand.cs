using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cli.Selection;
using Spectre.Console;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm select INPUT [--models all|EII,VVV,...] [--components 1..9] [--criterion bic|icl|aic|cv] [--plot FILE] [--json]:
/// fits every (model, K), prints the table and the best, as R's <c>Mclust(X)</c>. --covariance full|tied|diag|spherical
/// instead of --models means that scikit-learn model alone (VVV, EEE, VVI, VII). --missing marginalize: NaN is a missing
/// value, every fit and criterion uses the observed-data likelihood (as gmm fit does).
/// </summary>
internal static class SelectCommand
{
    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats})", optional: false);
        var models = new Option<string?>("--models")
        {
            Description = $"mclust models to try: all, or a list of {ModelNames.List} [default: all, or --covariance's model]",
            HelpName = "all|EII,VVV,...",
        };
        var components = new Option<string>("--components", "-k")
        {
            Description = "Component counts to try: a range A..B, a list 1,2,4,8, or both (2..6,8,16)",
            DefaultValueFactory = _ => "1..9",
            HelpName = "RANGE",
        };
        components.Validators.Add(r =>
        {
            try { ParseRange(r.GetValueOrDefault<string>()); }
            catch (FormatException e) { r.AddError(e.Message); }
        });
        var criterion = new Option<string>("--criterion")
        {
            Description = "bic, icl, aic (mclust's convention: 2·logL − penalty, higher is better) or cv (k-fold held-out log-likelihood)",
            DefaultValueFactory = _ => "bic",
        };
        criterion.AcceptOnlyFromAmong("bic", "icl", "aic", "cv");
        var folds = new Option<int>("--folds") { Description = "Folds of --criterion cv", DefaultValueFactory = _ => 5, HelpName = "N" };
        FitSettings.AtLeast(folds, 2);
        var plot = FileGuard.Output(new Option<string?>("--plot") { Description = "Draw the criterion against K, one line per model", HelpName = "FILE.png|FILE.svg" }, OutputKind.Plot);
        var json = new Option<bool>("--json")
        {
            Description = "Print exactly one JSON object for the best: {\"model\": \"VEV\", \"n_components\": 3, \"criterion\": \"bic\", \"value\": x}",
        };
        var output = FileGuard.Output(new Option<string?>("--output", "-o") { Description = "Write the best model (JSON, gmm-model/1) here", HelpName = "MODEL.json" }, OutputKind.Model);
        var weights = new Option<string?>("--sample-weights") { Description = "One non-negative weight per point (.npy, .csv, or raw float32); BIC's n is their sum", HelpName = "FILE" };
        var missing = MissingOption.Create();
        var settings = new FitSettings("Try only this scikit-learn covariance type's mclust model: full = VVV, tied = EEE, diag = VVI, spherical = VII (instead of --models)");
        var command = new Command("select", "Fit INPUT with each mclust model and number of components and pick the best by BIC, ICL, AIC or cross-validation.")
        {
            input, models, components, criterion, folds,
        };
        settings.AddTo(command);
        command.Add(weights);
        command.Add(plot);
        command.Add(json);
        command.Add(output);
        command.Add(missing);
        command.SetAction(parsed => Run(context, parsed, settings, parsed.GetValue(input)!, parsed.GetValue(models),
            ParseRange(parsed.GetValue(components)!), parsed.GetValue(criterion)!, parsed.GetValue(folds),
            parsed.GetValue(weights), parsed.GetValue(plot), parsed.GetValue(json), parsed.GetValue(output), MissingOption.Parse(parsed.GetValue(missing))));
        return command;
    }

    /// <summary>Parses "1..16", "1,2,4", "2..6,8" into distinct ascending counts ≥ 1.</summary>
    public static int[] ParseRange(string? text)
    {
        var result = new SortedSet<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split("..", StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2 || !ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new FormatException($"--components '{text}' is not a range like 1..16 or a list like 1,2,4.");
            int low = int.Parse(ends[0], CultureInfo.InvariantCulture), high = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (low < 1 || high < low || high - low > 10_000)
                throw new FormatException($"--components '{text}': '{part}' must be an increasing range of counts ≥ 1.");
            for (int k = low; k <= high; k++) result.Add(k);
        }
        return [.. result];
    }

    /// <summary>The criterion as the command line spells it.</summary>
    private static SelectionCriterion ParseCriterion(string name) => name switch
    {
        "icl" => SelectionCriterion.Icl,
        "aic" => SelectionCriterion.Aic,
        "cv" => SelectionCriterion.CrossValidation,
        _ => SelectionCriterion.Bic,
    };

    private static int Run(CliContext context, ParseResult parsed, FitSettings settings, string inputPath, string? modelList, int[] counts,
        string criterionName, int folds, string? weightsPath, string? plotPath, bool json, string? outputPath, MissingValues missing)
    {
        bool quiet = parsed.GetValue(settings.Quiet) || json;
        string? typeName = parsed.GetValue(settings.Covariance);
        if (modelList is not null && typeName is not null)
            throw new CliException($"--covariance {typeName} and --models {modelList} both choose the models; give one of them (--covariance {typeName} means --models {MclustModels.ForCovarianceType(ModelFile.ParseType(typeName)!.Value)}).");
        var models = typeName is not null ? [MclustModels.ForCovarianceType(ModelFile.ParseType(typeName)!.Value)]
            : ModelNames.ParseList(modelList ?? "all", "--models");
        var selection = new SelectionOptions { Models = models, ComponentCounts = counts, Criterion = ParseCriterion(criterionName), Folds = folds };

        using var data = DataReader.Open(inputPath, parsed.GetValue(settings.Dims), missing);
        if (counts[^1] > data.Count)
            throw new CliException($"--components up to {counts[^1]} exceeds the number of points in {data.Path} ({data.Count}); use at most {data.Count} components.");
        data.CheckFinite();
        var fitData = weightsPath is null ? data : data.WithWeights(DataReader.ReadWeights(weightsPath, data.Count));
        using var device = BackendFactory.Select(parsed.GetValue(settings.Device)!);
        if (!quiet) context.Out.WriteLine($"device: {device.Description} — {device.Reason}");
        var selector = new GaussianMixtureSelection(settings.Build(parsed, 1, CovarianceType.Full) with { MissingValues = missing }, device.Provider);

        int total = models.Length * counts.Length;
        var done = new List<SelectionEntry>();
        SelectionResult result;
        if (context.IsTerminal && !quiet)
        {
            SelectionResult? finished = null;
            context.Console.Live(SelectionTable.Render(done, selection.Criterion, null, total)).Start(live =>
                finished = Select(fitData, selector, selection, new Sink(entry =>
                {
                    done.Add(entry);
                    live.UpdateTarget(SelectionTable.Render(done, selection.Criterion, null, total));
                    live.Refresh();
                }), context.Cancellation));
            result = finished!;
        }
        else
        {
            result = Select(fitData, selector, selection, null, context.Cancellation);
        }

        if (!(context.IsTerminal && !quiet) && !json) context.Console.Write(SelectionTable.Render(result.Entries, selection.Criterion, result.Best, total));
        foreach (var entry in result.Entries.Where(e => !e.Succeeded))
            context.Warn($"{entry.Model}, K = {entry.ComponentCount}: {entry.Failure}");
        var best = result.Best;
        if (outputPath is not null)
        {
            var fit = result.BestFit;
            ModelFile.Write(outputPath, new ModelFile.Content(fit.Model, fit.Converged, fit.Iterations, fit.LowerBound));
        }
        if (plotPath is not null) Write(plotPath, SelectionPlot.Render(result, plotPath));
        if (json)
        {
            context.Out.WriteLine(Json(best, criterionName));
            return Cli.Success;
        }
        var c = CultureInfo.InvariantCulture;
        var written = new[] { outputPath is null ? null : $"model written to {outputPath}", plotPath is null ? null : $"plot written to {plotPath}" }.OfType<string>();
        context.Out.WriteLine(string.Create(c,
            $"best K = {best.ComponentCount}, model {best.Model} ({ModelFile.TypeName(MclustModels.Get(best.Model).CovarianceType)} covariances): " +
            $"{SelectionPlot.Name(selection.Criterion)} {best.Value:F3} ({Convention(selection.Criterion)}){string.Concat(written.Select(w => "; " + w))}"));
        return Cli.Success;
    }

    /// <summary>The selection, as a one-line CLI error when no cell could be fitted.</summary>
    private static SelectionResult Select(InputData data, GaussianMixtureSelection selector, SelectionOptions selection,
        IProgress<SelectionEntry>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return data.Select(selector, selection, progress, cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("No fit of the selection", StringComparison.Ordinal))
        {
            throw new CliException($"{data.Path}: {e.Message}", e);
        }
    }

    /// <summary>How the criterion is defined, for the summary line.</summary>
    private static string Convention(SelectionCriterion criterion) => criterion switch
    {
        SelectionCriterion.Bic => "mclust's 2·logL − p·ln n, higher is better; scikit-learn's bic() is its negative",
        SelectionCriterion.Icl => "BIC + 2·Σ log max_k z_ik, higher is better",
        SelectionCriterion.Aic => "2·logL − 2p, higher is better; scikit-learn's aic() is its negative",
        _ => "summed held-out log-likelihood of the folds, higher is better",
    };

    /// <summary>
    /// {"model": "VEV", "n_components": 3, "criterion": "bic", "value": x}, spaced as the issue writes it (value null when
    /// not finite: JSON has no infinity).
    /// </summary>
    private static string Json(SelectionEntry best, string criterionName)
    {
        string value = double.IsFinite(best.Value) ? best.Value.ToString("R", CultureInfo.InvariantCulture) : "null";
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"model\": \"{best.Model}\", \"n_components\": {best.ComponentCount}, \"criterion\": \"{criterionName}\", \"value\": {value}}}");
    }

    private static void Write(string path, byte[] bytes)
    {
        using var file = AtomicFile.Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Reports each finished cell synchronously, on the selection's thread.</summary>
    private sealed class Sink(Action<SelectionEntry> action) : IProgress<SelectionEntry>
    {
        public void Report(SelectionEntry value) => action(value);
    }
}
