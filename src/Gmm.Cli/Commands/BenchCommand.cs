using System.CommandLine;
using System.Globalization;
using System.Text;
using Gmm.Benchmarking;
using Gmm.Cli.Bench;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Gpu;
using Spectre.Console;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm bench: a quick sweep of ms per EM iteration over N, D, K, covariance types and backends on synthetic data
/// (no BenchmarkDotNet, so it runs from the self-contained tool on a machine without the SDK). Prints a markdown
/// table; --csv and --plot write the same results as CSV and as a log-log chart.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] BackendNames = ["cpu", .. AcceleratorNames.Devices];

    public static Command Create(CliContext context)
    {
        var n = new Option<string>("--n") { HelpName = "N,N,...", Description = "Numbers of points", DefaultValueFactory = _ => "10000,100000,1000000" };
        var d = new Option<string>("--d") { HelpName = "D,...", Description = "Dimensions", DefaultValueFactory = _ => "39" };
        var k = new Option<string>("--k") { HelpName = "K,...", Description = "Numbers of components", DefaultValueFactory = _ => "64" };
        var covariance = new Option<string>("--covariance", "-c") { HelpName = "diag,full,tied,spherical", Description = "Covariance types", DefaultValueFactory = _ => "diag" };
        var backend = new Option<string?>("--backend") { HelpName = "cpu,cuda,opencl,ilgpu-cpu,KIND:all,KIND:I,J", Description = "Backends; a device list (cuda:all, cuda:0,1) is one backend over several devices [default: cpu, plus cuda when a CUDA device is present]" };
        var iterations = new Option<int>("--iters") { HelpName = "N", Description = "Timed EM iterations per case (the median is reported)", DefaultValueFactory = _ => 5 };
        var warmup = new Option<int>("--warmup") { HelpName = "N", Description = "Untimed iterations first (kernel compilation, data upload)", DefaultValueFactory = _ => 2 };
        var precision = new Option<string>("--precision") { Description = "E-step precision (statistics are always float64)", DefaultValueFactory = _ => "single" };
        var budget = new Option<long>("--budget-mb") { HelpName = "M", Description = "GPU device-memory budget in MiB; smaller than the data forces streaming [default: the device's]" };
        var memoryLimit = new Option<long?>("--in-memory-limit-mb")
        {
            HelpName = "M",
            Description = "Data needing more than M MiB is written to a temporary .npy and read from it at every iteration, as a fit reads a large file [default: the fit's, a quarter of the memory, at most 8192]",
        };
        var dataDir = new Option<string?>("--data-dir") { HelpName = "DIR", Description = "Folder of the temporary data file of streamed problems [default: the system's temporary folder]" };
        var csv = FileGuard.Output(new Option<string?>("--csv") { HelpName = "FILE", Description = "Also write the results as CSV" }, OutputKind.Text);
        var plot = FileGuard.Output(new Option<string?>("--plot") { HelpName = "FILE.png|FILE.svg", Description = "Draw ms per iteration against N (log-log), one line per backend" }, OutputKind.Plot);
        var peak = new Option<double?>("--peak-gflops") { HelpName = "X", Description = "FP32 peak GFLOP/s of the GPU for '% of peak' [default: known devices by name]" };
        var init = new Option<string>("--init") { Description = "Initialisation timed per problem and covariance type ('init ms': the host's, shared by the backends; kmeans on a GPU backend: with its searches on the device), or none", DefaultValueFactory = _ => "kmeans" };
        var initOn = new Option<string>("--init-on") { HelpName = "auto|device|host", Description = "Where GPU backends run k-means initialisation's nearest-centre searches (the same labels either way); auto: on CUDA/OpenCL devices, on the host for ilgpu-cpu", DefaultValueFactory = _ => "auto" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress and no device lines; only the table" };
        precision.AcceptOnlyFromAmong("single", "double");
        init.AcceptOnlyFromAmong([.. FitSettings.InitializationNames, "none"]);
        initOn.AcceptOnlyFromAmong("auto", "device", "host");
        FitSettings.AtLeast(iterations, 1);
        FitSettings.AtLeast(warmup, 0);
        NumberOptions.Integer(budget, 0, long.MaxValue >> 20);
        NumberOptions.Integer(memoryLimit, 0, long.MaxValue >> 20);
        var command = new Command("bench", "Time EM iterations on synthetic data over N, D, K, covariance types and backends; print a markdown table.")
        {
            n, d, k, covariance, backend, iterations, warmup, precision, init, initOn, budget, memoryLimit, dataDir, csv, plot, peak, quiet,
        };
        command.SetAction(parsed =>
        {
            var settings = new BenchSettings
            {
                Ns = ListParser.Numbers(parsed.GetValue(n)!, "--n", 1),
                Ds = [.. ListParser.Numbers(parsed.GetValue(d)!, "--d", 1, 100_000).Select(v => (int)v)],
                Ks = [.. ListParser.Numbers(parsed.GetValue(k)!, "--k", 1, 100_000).Select(v => (int)v)],
                Types = ListParser.Names(parsed.GetValue(covariance)!, "--covariance", Formats.ModelFile.TypeNames)
                    .Select(t => Formats.ModelFile.ParseType(t)!.Value).ToList(),
                Backends = parsed.GetValue(backend) is { } given ? ListParser.Backends(given, "--backend", BackendNames) : DefaultBackends(),
                Iterations = parsed.GetValue(iterations),
                Warmup = parsed.GetValue(warmup),
                DoublePrecision = parsed.GetValue(precision) == "double",
                BudgetMb = parsed.GetValue(budget),
                PeakGflops = parsed.GetValue(peak),
                Init = parsed.GetValue(init) is "none" or null ? null : FitSettings.ParseInitialization(parsed.GetValue(init)!),
                InitializationOnDevice = parsed.GetValue(initOn) switch { "device" => true, "host" => false, _ => null },
            };
            if (parsed.GetValue(memoryLimit) is { } mb) settings = settings with { InMemoryLimitBytes = mb << 20 };
            if (parsed.GetValue(dataDir) is { } folder) settings = settings with { DataFolder = folder };
            if (settings.PeakGflops is { } p && !(p > 0 && double.IsFinite(p))) throw new CliException($"--peak-gflops must be a positive number; got {p.ToString(CultureInfo.InvariantCulture)}.");
            return Run(context, settings, parsed.GetValue(csv), parsed.GetValue(plot), parsed.GetValue(quiet));
        });
        return command;
    }

    private static List<string> DefaultBackends()
    {
        bool cuda;
        try { cuda = GpuBackendProvider.IsCudaAvailable(); }
        catch (Exception e) when (e is not OperationCanceledException) { cuda = false; }
        return cuda ? ["cpu", AcceleratorNames.Cuda] : ["cpu"];
    }

    private static int Run(CliContext context, BenchSettings settings, string? csvPath, string? plotPath, bool quiet)
    {
        var (cases, skipped) = settings.Plan();
        using var backends = new BenchBackends(settings);
        var descriptions = settings.DoublePrecision ? backends.Descriptions<double>().ToList() : backends.Descriptions<float>().ToList();
        if (!quiet)
            foreach (var line in descriptions) context.Out.WriteLine("device " + line);

        var results = Sweep(context, settings, backends, cases, quiet);

        var output = new StringBuilder();
        if (!quiet) output.Append('\n');
        output.Append(BenchReport.Markdown(results)).Append('\n');
        foreach (var line in BenchReport.EarlyIterations(results)) output.Append(line).Append('\n');
        foreach (var line in Footer(settings, skipped)) output.Append(line).Append('\n');
        context.Out.Write(output.ToString());

        if (csvPath is not null) Write(csvPath, Encoding.UTF8.GetBytes(BenchReport.Csv(results)));
        if (plotPath is not null)
        {
            string title = $"EM iteration, {(settings.DoublePrecision ? "float64" : "float32")}, median of {settings.Iterations}";
            Write(plotPath, BenchPlot.Render(results, plotPath, title));
        }
        if (!quiet && (csvPath ?? plotPath) is not null)
            context.Out.WriteLine(string.Join("; ", new[] { csvPath is null ? null : $"CSV written to {csvPath}", plotPath is null ? null : $"plot written to {plotPath}" }.OfType<string>()));
        return Cli.Success;
    }

    /// <summary>Runs the sweep with a Spectre progress bar on a terminal, a plain line per case when redirected, nothing when quiet.</summary>
    private static List<BenchResult> Sweep(CliContext context, BenchSettings settings, BenchBackends backends, List<BenchCase> cases, bool quiet)
    {
        var token = context.Cancellation;
        if (quiet) return BenchSweep.Run(settings, backends, cases, null, null, token);
        if (!context.IsTerminal)
            return BenchSweep.Run(settings, backends, cases, null,
                (r, i) => context.Out.WriteLine($"[{i + 1}/{cases.Count}] {r.Case}: {BenchReport.Milliseconds(r.MsPerIteration)} ms/iter"), token);
        List<BenchResult> results = [];
        context.Console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("generating data", maxValue: cases.Count);
                results = BenchSweep.Run(settings, backends, cases,
                    (c, i) => task.Description = Markup.Escape($"[{i + 1}/{cases.Count}] {c}"),
                    (_, _) => task.Increment(1), token);
            });
        return results;
    }

    private static IEnumerable<string> Footer(BenchSettings settings, List<(BenchCase Case, string Why)> skipped)
    {
        yield return $"ms/iter: median of {settings.Iterations} EM iterations (E-step + statistics + M-step) after {settings.Warmup} warm-up; " +
            $"{(settings.DoublePrecision ? "float64" : "float32")} compute, float64 statistics.";
        yield return settings.Init is { } method
            ? $"init ms: the initialisation ({InitName(method)}: {InitWork(method)}), what a fit runs before its first iteration; on the host" +
              (method == InitializationMethod.KMeans && settings.Backends.Any(b => b != "cpu")
                  ? ", except on GPU backends that label on their device (Lloyd's assignments and the last pass; the same labels), whose last pass also uploads the data the fit keeps resident (a fit's first iteration then skips that upload, which first iter ms includes)."
                  : ".")
            : "init ms: not timed (--init none).";
        if (settings.Init is not null && settings.Ns.Any(n => settings.Ks.Any(k => k > n)))
            yield return "init ms: — where K > N (a fit refuses that).";
        yield return "first iter ms: the backend's start and first EM iteration (on a GPU: the parameters and, when they fit, all the data uploaded), kernels compiled beforehand on a few points.";
        yield return "iters 1-3 ms: each of the first three EM iterations of the timed run (warm-up included), beside the steady-state median.";
        yield return $"GFLOP/s: useful work by the FLOP model ({FlopModel.Formula}).";
        if (settings.Backends.Contains("cpu"))
            yield return (settings.DoublePrecision ? PeakFlops.ForCpu<double>() : PeakFlops.ForCpu<float>()).Explanation + ".";
        if (settings.Backends.Any(b => b != "cpu"))
            yield return settings.PeakGflops is { } p
                ? $"GPU peak: {p.ToString(CultureInfo.InvariantCulture)} GFLOP/s (--peak-gflops)."
                : "GPU peak: vendor FP32 figures by device name (H100 SXM/H200 67, H100 PCIe 51, A100 19.5 TFLOP/s); — for other devices and for float64.";
        var streamed = settings.Ns.Where(n => settings.Ds.Any(d => settings.Streams(n, d))).ToList();
        if (streamed.Count > 0)
            yield return $"streamed: N = {string.Join(", ", streamed)}: the data exceeds the in-memory limit ({settings.InMemoryLimitBytes >> 20} MiB), so it was written to a temporary .npy and read from it at every iteration, as a fit reads a large file.";
        foreach (var group in skipped.GroupBy(s => (s.Case.Backend, s.Why)))
            yield return $"skipped: {group.Key.Backend} at N = {string.Join(", ", group.Select(s => s.Case.N).Distinct())} ({group.Key.Why}).";
    }

    private static string InitWork(InitializationMethod method) => method switch
    {
        InitializationMethod.KMeans => $"k-means on a sample of at most {GaussianMixture.InitializationSampleSize:N0} points, then every point to its nearest centre in one pass over the data",
        InitializationMethod.KMeansPlusPlus => $"k-means++ seeds from a sample of at most {GaussianMixture.InitializationSampleSize:N0} points",
        InitializationMethod.Random => "random responsibilities in one pass over the data",
        _ => $"K points drawn from a sample of at most {GaussianMixture.InitializationSampleSize:N0}",
    };

    private static string InitName(InitializationMethod method) =>
        FitSettings.InitializationNames.First(name => FitSettings.ParseInitialization(name) == method);

    private static void Write(string path, byte[] bytes)
    {
        using var file = AtomicFile.Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }
}
