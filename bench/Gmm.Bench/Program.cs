// Entry point: `quick` and `gpu-check` run without the SDK (for the GPU machine); anything else goes to BenchmarkDotNet.
using Gmm.Bench;

return args.Length > 0 && args[0] == "quick" ? QuickBench.Run(args[1..])
    : args.Length > 0 && args[0] == "gpu-check" ? GpuCheck.Run(args[1..])
    : RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(QuickBench).Assembly).Run(args);
    return 0;
}
