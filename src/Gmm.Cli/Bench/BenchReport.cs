using System.Globalization;
using System.Text;

namespace Gmm.Cli.Bench;

/// <summary>A sweep's results as a markdown table (for the terminal and docs/benchmarks.md) and as CSV, with the same columns.</summary>
internal static class BenchReport
{
    public static readonly string[] Columns = ["N", "D", "K", "type", "backend", "init ms", "first iter ms", "ms/iter", "points/s", "GFLOP/s", "% of peak", "speed-up vs CPU"];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The markdown table, numbers rounded for reading; "—" where a value is unknown.</summary>
    public static string Markdown(IEnumerable<BenchResult> results)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Columns).Append(" |\n");
        text.Append('|').AppendJoin('|', Columns.Select(_ => " --- ")).Append("|\n");
        foreach (var r in results)
        {
            string[] cells =
            [
                r.Case.N.ToString(C), r.Case.D.ToString(C), r.Case.K.ToString(C), r.Case.TypeName, r.Case.Backend,
                r.InitMs is { } init ? Milliseconds(init) : "—", r.FirstIterationMs is { } first ? Milliseconds(first) : "—",
                Milliseconds(r.MsPerIteration), r.PointsPerSecond.ToString("0.00e+0", C), Small(r.Gflops),
                r.PercentOfPeak is { } p ? Small(p) + "%" : "—",
                r.SpeedUp is { } s ? (s >= 100 ? s.ToString("F0", C) : Small(s)) + "×" : "—",
            ];
            text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>CSV with a header row; full-precision numbers, empty cells where a value is unknown.</summary>
    public static string Csv(IEnumerable<BenchResult> results)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append('\n');
        foreach (var r in results)
        {
            string[] cells =
            [
                r.Case.N.ToString(C), r.Case.D.ToString(C), r.Case.K.ToString(C), r.Case.TypeName, Quoted(r.Case.Backend),
                r.InitMs?.ToString("R", C) ?? "", r.FirstIterationMs?.ToString("R", C) ?? "",
                r.MsPerIteration.ToString("R", C), r.PointsPerSecond.ToString("R", C), r.Gflops.ToString("R", C),
                r.PercentOfPeak?.ToString("R", C) ?? "", r.SpeedUp?.ToString("R", C) ?? "",
            ];
            text.AppendJoin(',', cells).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A CSV cell, quoted when it holds a comma (a device list such as cuda:0,1).</summary>
    private static string Quoted(string cell) => cell.Contains(',', StringComparison.Ordinal) ? $"\"{cell}\"" : cell;

    /// <summary>
    /// One line per case: the first three iterations' ms beside the steady state's median, so a slow start cannot hide
    /// in the median ("iters 1-3 ms: N=… diag cpu: 41.2, 38.0, 37.9 vs 37.5 ms/iter (iteration 1 at 1.10×)").
    /// </summary>
    public static IEnumerable<string> EarlyIterations(IEnumerable<BenchResult> results)
    {
        foreach (var r in results)
        {
            if (r.EarlyIterationsMs.Count == 0) continue;
            string early = string.Join(", ", r.EarlyIterationsMs.Select(Milliseconds));
            yield return $"iters 1-3 ms: {r.Case}: {early} vs {Milliseconds(r.MsPerIteration)} ms/iter " +
                $"(iteration 1 at {(r.EarlyIterationsMs[0] / r.MsPerIteration).ToString("F2", C)}×)";
        }
    }

    /// <summary>One decimal from 1 up; two significant figures below (0.0031, not 0.0).</summary>
    public static string Small(double value) => value >= 1 || value == 0 ? value.ToString("F1", C) : value.ToString("G2", C);

    /// <summary>Three significant figures at least, no more decimals than useful.</summary>
    public static string Milliseconds(double ms) => ms.ToString(ms >= 100 ? "F0" : ms >= 10 ? "F1" : ms >= 1 ? "F2" : "F3", C);
}
