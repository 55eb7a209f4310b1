// The static instruction mix of one compiled kernel module: the whole module (entry plus any .func it calls) and its loops.
namespace Gmm.KernelTools;

/// <summary>Whole-kernel mix and loops of one PTX module.</summary>
public sealed class PtxKernelReport
{
    private PtxKernelReport(IReadOnlyList<PtxFunction> functions, PtxMix whole, IReadOnlyList<PtxLoop> loops)
    {
        Functions = functions;
        Whole = whole;
        Loops = loops;
    }

    /// <summary>The functions of the module (the .entry first when ILGPU emits it first; .func callees included).</summary>
    public IReadOnlyList<PtxFunction> Functions { get; }

    /// <summary>The mix of every instruction of the module.</summary>
    public PtxMix Whole { get; }

    /// <summary>Every loop of every function.</summary>
    public IReadOnlyList<PtxLoop> Loops { get; }

    /// <summary>Innermost loops, most FP32 FMA-equivalents first, then most FP32 + FP64 arithmetic (the float64 kernels).</summary>
    public IEnumerable<PtxLoop> HotLoops =>
        Loops.Where(l => l.Innermost).OrderByDescending(l => l.Mix.FmaEquivalent)
            .ThenByDescending(l => l.Mix.Fp32 + l.Mix[PtxClass.Fp64])
            .ThenBy(l => l.Header.Index);

    /// <summary>Parses and analyses <paramref name="ptx"/>.</summary>
    public static PtxKernelReport Of(string ptx)
    {
        var functions = PtxParser.Parse(ptx);
        var flows = functions.Select(PtxDataflow.Of).ToList();
        var whole = PtxMix.Of(functions.SelectMany(f => f.Instructions), flows);
        var loops = functions.Zip(flows).SelectMany(pair => PtxLoopFinder.Find(pair.First, pair.Second)).ToList();
        return new PtxKernelReport(functions, whole, loops);
    }
}
