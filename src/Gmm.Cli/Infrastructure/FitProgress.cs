using System.Globalization;
using Spectre.Console;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// Per-iteration progress of a fit: a live line (Spectre) on a terminal, one plain line per iteration when stdout is
/// redirected, nothing when quiet. Reports arrive synchronously on the fitting thread.
/// </summary>
internal static class FitProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress sink suited to the context.</summary>
    /// <param name="quantity">What the lower bound is, for the progress line ("log-likelihood"; "lower bound" for a variational fit).</param>
    public static TResult Run<TResult>(CliContext context, bool quiet, string device, int initializations, Func<IProgress<IterationReport>?, TResult> work,
        string quantity = "log-likelihood")
    {
        if (quiet) return work(null);
        if (!context.IsTerminal) return work(new Sink(report => context.Out.WriteLine(Line(report, device, initializations, quantity))));
        TResult result = default!;
        context.Console.Live(new Markup("[grey]initialising…[/]")).Start(live =>
        {
            result = work(new Sink(report =>
            {
                live.UpdateTarget(new Markup(Markup.Escape(Line(report, device, initializations, quantity))));
                live.Refresh();
            }));
        });
        return result;
    }

    /// <summary>"iter  12  log-likelihood -1.234567  Δ +1.23e-04  0.42 ms/iter  cpu" (under 80 columns).</summary>
    public static string Line(IterationReport report, string device, int initializations, string quantity = "log-likelihood")
    {
        var c = CultureInfo.InvariantCulture;
        string init = initializations > 1 ? string.Create(c, $"init {report.Initialization + 1}/{initializations} ") : "";
        string change = double.IsNaN(report.Change) ? "        -" : report.Change.ToString("+0.00e+00;-0.00e+00", c);
        return string.Create(c, $"{init}iter {report.Iteration,3}  {quantity} {report.LowerBound:F6}  Δ {change}  {report.Elapsed.TotalMilliseconds:F2} ms/iter  {device}");
    }

    private sealed class Sink(Action<IterationReport> action) : IProgress<IterationReport>
    {
        public void Report(IterationReport value) => action(value);
    }
}
