using System.Diagnostics;
using System.Globalization;
using Gmm.Speech.Features;
using Gmm.Speech.PostProcessing;
using MathNet.Numerics.IntegralTransforms;

namespace Gmm.Bench.Speech;

/// <summary>
/// `Gmm.Bench frontend-cpu [SECONDS]`: the front-end pipelines of <see cref="FrontEndBenchmarks"/> and the FFTs of
/// <see cref="FftBenchmarks"/> timed by this process's CPU time instead of the wall clock, for machines whose cores are
/// shared (a loaded host stretches wall-clock times; the CPU time a call uses does not stretch as much). Each case runs
/// for at least SECONDS (default 3) of CPU time after a warm-up; one thread, so CPU seconds are core seconds.
/// </summary>
public static class FrontEndCpuTime
{
    /// <summary>Runs the cases and prints one line each.</summary>
    public static int Run(string[] args)
    {
        double budget = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var bench = new FrontEndBenchmarks();
        bench.Setup();
        var fft = new FftBenchmarks();
        fft.Setup();
        Console.WriteLine($"CPU-time benchmark, {Environment.ProcessorCount} logical cores, load average {LoadAverage()}, budget {budget} s per case");
        Report("MFCC (13), dither 1", () => bench.Mfcc(), 10.0, budget);
        Report("MFCC + deltas + CMN (39)", () => bench.MfccDeltasCmn(), 10.0, budget);
        Report("MFCC + sid preset (39)", () => bench.MfccSid(), 10.0, budget);
        Report("fbank (23)", () => bench.Fbank(), 10.0, budget);
        Report("MathNet ForwardReal 512 + power", () => fft.MathNet(), null, budget);
        Report("Gmm.Speech RealFft 512 power", () => fft.Packed(), null, budget);
        Report("dither noise, 400 samples", () => fft.Dither(), null, budget);
        return 0;
    }

    private static void Report(string name, Func<object> call, double? audioSeconds, double budget)
    {
        for (int i = 0; i < 3; i++) call();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long calls = 0;
        while ((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds < budget)
        {
            for (int i = 0; i < 10; i++) call();
            calls += 10;
        }
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / calls;
        double elapsed = wall.Elapsed.TotalSeconds / calls;
        string speed = audioSeconds is { } s ? $", {s / cpu,8:N0}× real time per core (wall clock: {s / elapsed:N0}×)" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {cpu * 1e6,10:N1} µs CPU per call ({elapsed * 1e6:N1} µs wall){speed}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
