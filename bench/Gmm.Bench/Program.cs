// Entry point: `quick` (= `gmm bench`, one sweep code), `gpu-check`, `ptx` (offline PTX instruction mix, no device) and
// `frontend-cpu` (the speech front end timed by CPU time) run
// without the SDK (for the GPU machine); anything else goes to BenchmarkDotNet.
using Gmm.Bench;

return args.Length > 0 && args[0] == "quick" ? Quick(args[1..])
    : args.Length > 0 && args[0] == "gpu-check" ? GpuCheck.Run(args[1..])
    : args.Length > 0 && args[0] == "ptx" ? Gmm.Bench.Ptx.PtxCommand.Run(args[1..])
    : args.Length > 0 && args[0] == "frontend-cpu" ? Gmm.Bench.Speech.FrontEndCpuTime.Run(args[1..])
    : RunBenchmarkDotNet(args);

// `quick` forwards to `gmm bench`; the old --type spelling is kept for the scripts in docs/gpu-runs.
static int Quick(string[] args) =>
    Gmm.Cli.Cli.Run(["bench", .. args.Select(a => a == "--type" ? "--covariance" : a)], Console.Out, Console.Error, !Console.IsOutputRedirected);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(GpuCheck).Assembly).Run(args);
    return 0;
}
