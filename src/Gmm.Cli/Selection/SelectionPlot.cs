using System.Globalization;
using Gmm.Cli.Infrastructure;
using ScottPlot;

namespace Gmm.Cli.Selection;

/// <summary>
/// The criterion against K, one line per model, as mclust's <c>plot(BIC)</c>: PNG or SVG by the file's extension;
/// bytes are returned for an atomic write. Failed cells are left out of their model's line.
/// </summary>
internal static class SelectionPlot
{
    public const int Width = 900, Height = 600;

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledTriangleUp, MarkerShape.OpenTriangleUp, MarkerShape.FilledCircle, MarkerShape.OpenCircle,
        MarkerShape.FilledSquare, MarkerShape.OpenSquare, MarkerShape.FilledDiamond, MarkerShape.OpenDiamond,
        MarkerShape.Asterisk, MarkerShape.Cross, MarkerShape.Eks, MarkerShape.FilledTriangleDown,
        MarkerShape.OpenTriangleDown, MarkerShape.HashTag,
    ];

    /// <summary>The encoded image of <paramref name="result"/> for <paramref name="path"/>'s extension.</summary>
    public static byte[] Render(SelectionResult result, string path)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Name);
        var palette = new ScottPlot.Palettes.Category20();
        foreach (var model in result.Models)
        {
            int index = (int)model; // the same model keeps its colour and marker whatever the grid
            var cells = result.Entries.Where(e => e.Model == model && e.Succeeded).OrderBy(e => e.ComponentCount).ToArray();
            if (cells.Length == 0) continue;
            var line = plot.Add.Scatter(cells.Select(e => (double)e.ComponentCount).ToArray(), cells.Select(e => e.Value).ToArray());
            line.LegendText = model.ToString();
            line.Color = palette.GetColor(index);
            line.LineWidth = 1.5f;
            line.MarkerSize = 8;
            line.MarkerShape = Markers[index % Markers.Length];
        }
        var best = result.Best;
        var star = plot.Add.Marker(best.ComponentCount, best.Value, MarkerShape.OpenCircle, 22, Colors.Black);
        star.LegendText = string.Create(CultureInfo.InvariantCulture, $"best: {best.Model}, K = {best.ComponentCount}");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("number of components K");
        plot.YLabel($"{Name(result.Criterion)} (higher is better)");
        plot.Title($"{Name(result.Criterion)} by model and K");
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Axes.Margins(0.05, 0.08);
        return PlotFont.Encode(plot, path, Width, Height);
    }

    /// <summary>The criterion as the CLI names it in tables and plots.</summary>
    public static string Name(SelectionCriterion criterion) => criterion switch
    {
        SelectionCriterion.Bic => "BIC",
        SelectionCriterion.Icl => "ICL",
        SelectionCriterion.Aic => "AIC",
        _ => "held-out log-likelihood",
    };
}
