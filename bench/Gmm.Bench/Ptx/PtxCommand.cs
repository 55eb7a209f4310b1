using System.Globalization;
using Gmm.KernelTools;
using ILGPU.Runtime.Cuda;

namespace Gmm.Bench.Ptx;

/// <summary>
/// `ptx`: compiles every device kernel (float and double) to PTX with ILGPU's PTX backend — no CUDA device or driver
/// needed — writes DIR/&lt;kernel&gt;.&lt;type&gt;.ptx and prints each kernel's static instruction mix, whole and for its
/// hottest innermost loops. Options: --out DIR (default BenchmarkDotNet.Artifacts/ptx), --kernel NAME (substring of
/// "Class.Method&lt;Modes&gt;", case-insensitive), --type float|double|all (default all), --loops N (hot loops shown, default 2),
/// --arch 90 (sm_90), --isa 88 (PTX ISA 8.8).
/// </summary>
internal static class PtxCommand
{
    /// <summary>Runs the command; returns the exit code (1 when --kernel matches nothing).</summary>
    public static int Run(string[] args)
    {
        var o = BenchArgs.Options(args);
        string dir = o.GetValueOrDefault("out", Path.Combine("BenchmarkDotNet.Artifacts", "ptx"));
        string filter = o.GetValueOrDefault("kernel", "");
        string type = o.GetValueOrDefault("type", "all");
        int loops = BenchArgs.Get(o, "loops", 2);
        var architecture = o.TryGetValue("arch", out var arch)
            ? Enum.Parse<CudaArchitecture>("SM_" + arch.Replace("sm_", "", StringComparison.OrdinalIgnoreCase), ignoreCase: true)
            : PtxCompiler.DefaultArchitecture;
        var instructionSet = o.TryGetValue("isa", out var isa)
            ? Enum.Parse<CudaInstructionSet>("ISA_" + isa.Replace(".", "", StringComparison.Ordinal), ignoreCase: true)
            : PtxCompiler.DefaultInstructionSet;
        var types = GpuKernels.ComputeTypes.Select(c => c.Name).Where(n => type == "all" || n == type).ToList();
        if (types.Count == 0) throw new ArgumentException($"--type must be float, double or all, not '{type}'");

        Directory.CreateDirectory(dir);
        using var compiler = new PtxCompiler(architecture, instructionSet);
        Console.WriteLine($"PTX of ILGPU's backend for {architecture} / {instructionSet}, O2, no device; files in {Path.GetFullPath(dir)}");
        Console.WriteLine();
        PtxTable.Legend(Console.Out);
        int matched = 0;
        foreach (string computeType in types)
            foreach (var kernel in GpuKernels.For(computeType))
            {
                string name = kernel.Name;
                if (filter.Length > 0 && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                matched++;
                string ptx = compiler.Compile(kernel);
                string file = Path.Combine(dir, $"{GpuKernels.FileName(kernel)}.{computeType}.ptx");
                File.WriteAllText(file, ptx);
                var report = PtxKernelReport.Of(ptx);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"## {name}.{computeType} ({Path.GetFileName(file)}: {report.Functions.Count} function(s), {report.Loops.Count} loop(s))"));
                PtxTable.Write(Console.Out, report, loops);
            }
        if (matched == 0)
        {
            Console.Error.WriteLine($"no kernel matches '{filter}'; kernels: {string.Join(", ", GpuKernels.For("float").Select(k => k.Name))}");
            return 1;
        }
        return 0;
    }
}
