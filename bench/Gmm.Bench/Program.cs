// Entry point: `gpu-check`, `ptx` (offline PTX instruction mix, no device), `frontend-cpu` (the speech front end
// timed by CPU time), `speaker` (UBM, MAP, trial scoring, identification accuracy), `kernel-density` (a CPU kernel
// pass by the responsibilities' density, by CPU time) and `kernel-lanes` (a pass with one lane against two) run without the SDK (for the GPU machine); anything else goes to
// BenchmarkDotNet. The quick sweep is the tool's `gmm bench`.
using Gmm.Bench;

return args.Length > 0 && args[0] == "gpu-check" ? GpuCheck.Run(args[1..])
    : args.Length > 0 && args[0] == "ptx" ? Gmm.Bench.Ptx.PtxCommand.Run(args[1..])
    : args.Length > 0 && args[0] == "frontend-cpu" ? Gmm.Bench.Speech.FrontEndCpuTime.Run(args[1..])
    : args.Length > 0 && args[0] == "speaker" ? Gmm.Bench.Speech.SpeakerBench.Run(args[1..])
    : args.Length > 0 && args[0] == "kernel-density" ? Gmm.Bench.Em.KernelDensity.Run(args[1..])
    : args.Length > 0 && args[0] == "kernel-lanes" ? Gmm.Bench.Em.KernelLanes.Run(args[1..])
    : RunBenchmarkDotNet(args);

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(GpuCheck).Assembly).Run(args);
    return 0;
}
