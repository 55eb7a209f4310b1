using ScottPlot;
using ScottPlot.TickGenerators;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Bench;

/// <summary>
/// ms per EM iteration against N on log-log axes (ScottPlot 5): one line per backend, or per backend, D, K and type
/// when the sweep has several of those. PNG or SVG by the file's extension; bytes are returned for an atomic write.
/// </summary>
internal static class BenchPlot
{
    public const int Width = 900, Height = 600;

    /// <summary>The encoded image for <paramref name="path"/>'s extension (.png or .svg).</summary>
    public static byte[] Render(IReadOnlyList<BenchResult> results, string path, string title)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Name);
        bool several = results.Select(r => (r.Case.D, r.Case.K, r.Case.Type)).Distinct().Count() > 1;
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var line in results.GroupBy(r => several ? $"{r.Case.Backend} D={r.Case.D} K={r.Case.K} {r.Case.TypeName}" : r.Case.Backend))
        {
            var points = line.OrderBy(r => r.Case.N).ToArray();
            var scatter = plot.Add.Scatter(points.Select(r => Math.Log10(r.Case.N)).ToArray(), points.Select(r => Math.Log10(r.MsPerIteration)).ToArray());
            scatter.LegendText = line.Key;
            scatter.Color = palette.GetColor(index++);
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;
        }
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.XLabel("N (points)");
        plot.YLabel("ms per EM iteration");
        var first = results.Count > 0 ? results[0].Case : null;
        plot.Title(several || first is null ? title : $"{title}: D={first.D} K={first.K} {first.TypeName}");
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.ShowLegend(Alignment.UpperLeft);
        // Margins so that a single N still gets a readable axis around its point.
        plot.Axes.Margins(0.1, 0.15);
        return PlotFont.Encode(plot, path, Width, Height);
    }

    /// <summary>Ticks at powers of ten of a log10 axis, labelled with the value itself, minor ticks at 2…9.</summary>
    private static NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Label(Math.Pow(10, v)),
    };

    private static string Label(double value) => value switch
    {
        >= 1e6 => $"{value / 1e6:0.###}M",
        >= 1e3 => $"{value / 1e3:0.###}k",
        _ => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
    };
}
