using System.Globalization;
using Spectre.Console;

namespace Gmm.Cli.Selection;

/// <summary>
/// The selection's table for the terminal: one row per (model, K) with the criterion, the log-likelihood Σ log p(x),
/// mclust's parameter count and how the fit ended; the best row marked with *, failed cells "failed".
/// </summary>
internal static class SelectionTable
{
    public static Table Render(IReadOnlyList<SelectionEntry> entries, SelectionCriterion criterion, SelectionEntry? best, int total)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded);
        string name = SelectionPlot.Name(criterion);
        foreach (var column in new[] { "model", "K", name, "log-likelihood", "parameters", "converged", "iterations", "time (s)" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var entry in entries)
        {
            string mark = ReferenceEquals(entry, best) ? " *" : "";
            string model = entry.Model.ToString(), k = entry.ComponentCount.ToString(c);
            if (!entry.Succeeded)
            {
                table.AddRow(model, k, "failed", "", "", "", "", "");
                continue;
            }
            var fit = entry.Fit;
            table.AddRow(model + mark, k, entry.Value.ToString("F3", c) + mark, entry.LogLikelihood.ToString("F3", c), entry.ParameterCount.ToString(c),
                fit is null ? "" : fit.Converged ? "yes" : "no", fit?.Iterations.ToString(c) ?? "", fit?.Elapsed.TotalSeconds.ToString("F3", c) ?? "");
        }
        if (entries.Count < total) table.Caption($"fitting {entries.Count + 1} of {total}…");
        return table;
    }
}
