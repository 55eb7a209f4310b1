using System.Globalization;
using Gmm.Cli.Infrastructure;
using Gmm.Speech.Evaluation;
using MathNet.Numerics.Distributions;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Gmm.Cli.Speech;

/// <summary>
/// The DET curve of scored trials (Martin et al. 1997): miss rate against false-alarm rate on normal-deviate (probit)
/// axes labelled in percent, with the EER marked where the curve meets the diagonal. PNG or SVG by the file's extension.
/// </summary>
internal static class DetPlot
{
    public const int Width = 700, Height = 700;

    /// <summary>Rates are drawn between these (a rate of 0 or 1 has no normal deviate).</summary>
    private const double Lowest = 0.0005, Highest = 0.6;

    private static readonly double[] TickPercents = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 40];

    /// <summary>The encoded image for <paramref name="path"/>'s extension.</summary>
    public static byte[] Render(IReadOnlyList<OperatingPoint> curve, EqualErrorRate eer, string path, string title)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Name);
        var line = plot.Add.Scatter(curve.Select(p => Deviate(p.FalseAlarmRate)).ToArray(), curve.Select(p => Deviate(p.MissRate)).ToArray());
        line.LegendText = "DET curve";
        line.LineWidth = 2;
        line.MarkerSize = 4;
        var diagonal = plot.Add.Scatter(new[] { Deviate(Lowest), Deviate(Highest) }, new[] { Deviate(Lowest), Deviate(Highest) });
        diagonal.LineWidth = 1;
        diagonal.MarkerSize = 0;
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        var point = plot.Add.Scatter(new[] { Deviate(eer.Rate) }, new[] { Deviate(eer.Rate) });
        point.LegendText = string.Create(CultureInfo.InvariantCulture, $"EER {100 * eer.Rate:0.##}%");
        point.MarkerSize = 10;
        point.LineWidth = 0;
        plot.Axes.Bottom.TickGenerator = Ticks();
        plot.Axes.Left.TickGenerator = Ticks();
        plot.Axes.SetLimits(Deviate(Lowest), Deviate(Highest), Deviate(Lowest), Deviate(Highest));
        plot.XLabel("false alarm rate (%)");
        plot.YLabel("miss rate (%)");
        plot.Title(title);
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.ShowLegend(Alignment.UpperRight);
        return PlotFont.Encode(plot, path, Width, Height);
    }

    /// <summary>The normal deviate of a rate, clipped into the plotted range.</summary>
    private static double Deviate(double rate) => Normal.InvCDF(0, 1, Math.Clamp(rate, Lowest, Highest));

    private static NumericManual Ticks()
    {
        var ticks = new NumericManual();
        foreach (double percent in TickPercents)
            ticks.AddMajor(Normal.InvCDF(0, 1, percent / 100), percent.ToString("0.#", CultureInfo.InvariantCulture));
        return ticks;
    }
}
