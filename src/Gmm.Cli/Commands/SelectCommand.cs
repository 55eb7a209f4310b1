using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Spectre.Console;

namespace Gmm.Cli.Commands;

/// <summary>gmm select INPUT --components 1..16 [--criterion bic|aic]: fits each K, prints a table and the best K.</summary>
internal static class SelectCommand
{
    private sealed record Row(int K, FitResult? Result, double Bic, double Aic, string? Error);

    public static Command Create(CliContext context)
    {
        var input = FitSettings.Input($"Data file ({DataReader.SupportedFormats})", optional: false);
        var components = new Option<string>("--components", "-k")
        {
            Description = "Component counts to try: a range A..B, a list 1,2,4,8, or both (2..6,8,16)",
            DefaultValueFactory = _ => "1..10",
            HelpName = "RANGE",
        };
        components.Validators.Add(r =>
        {
            try { ParseRange(r.GetValueOrDefault<string>()); }
            catch (FormatException e) { r.AddError(e.Message); }
        });
        var criterion = new Option<string>("--criterion") { Description = "Information criterion to minimise", DefaultValueFactory = _ => "bic" };
        criterion.AcceptOnlyFromAmong("bic", "aic");
        var output = FileGuard.Output(new Option<string?>("--output", "-o") { Description = "Write the best model (JSON, gmm-model/1) here", HelpName = "MODEL.json" }, OutputKind.Model);
        var settings = new FitSettings();
        var command = new Command("select", "Fit INPUT with each number of components and pick the best by BIC (or AIC).") { input, components, criterion };
        settings.AddTo(command);
        command.Add(output);
        command.SetAction(parsed => Run(context, parsed, settings, parsed.GetValue(input)!, ParseRange(parsed.GetValue(components)!),
            parsed.GetValue(criterion) == "aic", parsed.GetValue(output)));
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

    private static int Run(CliContext context, ParseResult parsed, FitSettings settings, string inputPath, int[] counts, bool aic, string? outputPath)
    {
        bool quiet = parsed.GetValue(settings.Quiet);
        var type = ModelFile.ParseType(parsed.GetValue(settings.Covariance) ?? "full")!.Value;
        using var data = DataReader.Open(inputPath, parsed.GetValue(settings.Dims));
        if (counts[^1] > data.Count)
            throw new CliException($"--components up to {counts[^1]} exceeds the number of points in {data.Path} ({data.Count}); use at most {data.Count} components.");
        data.CheckFinite();
        using var device = BackendFactory.Select(parsed.GetValue(settings.Device)!);
        if (!quiet) context.Out.WriteLine($"device: {device.Description} — {device.Reason}");

        var rows = new List<Row>();
        string criterionName = aic ? "AIC" : "BIC";
        void FitAll(Action? afterEach)
        {
            foreach (int k in counts)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                try
                {
                    var mixture = new GaussianMixture(settings.Build(parsed, k, type), device.Provider);
                    var result = data.Fit(mixture, null, context.Cancellation);
                    var (bic, aic) = data.Criteria(result.Model);
                    rows.Add(new Row(k, result, bic, aic, null));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    rows.Add(new Row(k, null, double.NaN, double.NaN, Errors.Describe(e)));
                }
                afterEach?.Invoke();
            }
        }

        if (context.IsTerminal && !quiet)
        {
            var live = Table(rows, aic, best: null, counts.Length);
            context.Console.Live(live).Start(ctx => FitAll(() => { ctx.UpdateTarget(Table(rows, aic, best: null, counts.Length)); ctx.Refresh(); }));
        }
        else
        {
            FitAll(null);
        }
        var fitted = rows.Where(r => r.Result is not null).ToList();
        if (fitted.Count == 0) throw new CliException($"no fit succeeded for --components {string.Join(",", counts)}: {rows[0].Error}");
        var best = fitted.MinBy(r => aic ? r.Aic : r.Bic)!;
        if (!(context.IsTerminal && !quiet)) context.Console.Write(Table(rows, aic, best.K, counts.Length));
        foreach (var row in rows.Where(r => r.Error is not null)) context.Warn($"K = {row.K}: {row.Error}");
        if (outputPath is not null)
            ModelFile.Write(outputPath, new ModelFile.Content(best.Result!.Model, best.Result.Converged, best.Result.Iterations, best.Result.LowerBound));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best K = {best.K} (lowest {criterionName} {(aic ? best.Aic : best.Bic):F3}, {ModelFile.TypeName(type)} covariance){(outputPath is null ? "" : $"; model written to {outputPath}")}"));
        return Cli.Success;
    }

    private static Table Table(List<Row> rows, bool aic, int? best, int total)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var name in new[] { "K", "BIC", "AIC", "log-likelihood", "converged", "iterations", "time (s)" })
            table.AddColumn(new TableColumn(name).RightAligned());
        foreach (var row in rows)
        {
            string mark = row.K == best ? " *" : "";
            if (row.Result is not { } r)
            {
                table.AddRow(row.K.ToString(c), "failed", "", "", "", "", "");
                continue;
            }
            table.AddRow(row.K.ToString(c) + mark, row.Bic.ToString("F3", c) + (aic ? "" : mark), row.Aic.ToString("F3", c) + (aic ? mark : ""),
                r.LowerBound.ToString("F6", c), r.Converged ? "yes" : "no", r.Iterations.ToString(c), r.Elapsed.TotalSeconds.ToString("F3", c));
        }
        if (rows.Count < total) table.Caption($"fitting {rows.Count + 1} of {total}…");
        return table;
    }
}
