using System.Globalization;
using Gmm.KernelTools;

namespace Gmm.Bench.Ptx;

/// <summary>Markdown tables of <see cref="PtxKernelReport"/>s.</summary>
internal static class PtxTable
{
    private static readonly (string Header, Func<PtxMix, string> Cell)[] Columns =
    [
        ("instr", m => I(m.Total)),
        ("fma", m => I(m[PtxClass.Fma32])),
        ("mul+add→fma", m => I(m.ContractedFma)),
        ("fp32 other", m => I(m[PtxClass.Fp32])),
        ("fp64", m => I(m[PtxClass.Fp64])),
        ("ld.shared (vec)", m => $"{I(m[PtxClass.SharedLoad])}{(m.SharedVector > 0 ? $" ({I(m.SharedVector)})" : "")}"),
        ("st.shared", m => I(m[PtxClass.SharedStore])),
        ("ld.global", m => I(m[PtxClass.GlobalLoad])),
        ("st.global", m => I(m[PtxClass.GlobalStore])),
        ("atom", m => I(m[PtxClass.Atomic])),
        ("int/addr", m => I(m[PtxClass.Integer])),
        ("cvt", m => I(m[PtxClass.Convert])),
        ("mov", m => I(m[PtxClass.Move])),
        ("setp/selp", m => I(m[PtxClass.Compare])),
        ("bar", m => I(m[PtxClass.Barrier])),
        ("bra/call", m => I(m[PtxClass.Branch])),
        ("sfu", m => I(m[PtxClass.Special])),
        ("other", m => I(m[PtxClass.OtherMemory] + m[PtxClass.Warp] + m[PtxClass.Other])),
        ("fp32 %", m => P(m.Fp32Share)),
        ("est. issued", m => I(m.EstimatedIssued)),
        ("est. fp32 %", m => P(m.EstimatedFp32Share)),
    ];

    /// <summary>Explains the columns once.</summary>
    public static void Legend(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("Static counts: each instruction once; a loop row is one pass through every block of its body (branches and");
        writer.WriteLine("predicated-off paths included). fma: fma.f32 as written (ILGPU 1.5.3 emits none). mul+add→fma: single-use mul.f32");
        writer.WriteLine("feeding add/sub.f32, which ptxas contracts into one FFMA. fp32 %: all .f32 arithmetic (fma, add, sub, mul, min, max)");
        writer.WriteLine("/ instr. est. issued: instr − mov − one per contracted pair − integer ops ptxas folds (immediate-only operands,");
        writer.WriteLine("[reg+imm] address offsets, block-local common subexpressions) − in loops, invariant integer/compare ops ptxas");
        writer.WriteLine("hoists; est. fp32 %: FP32 after contraction / est. issued. other: ld/st .param/.local, shfl, the rest.");
        writer.WriteLine("PTX is before ptxas, which may also strength-reduce addresses and unroll loops: the estimate is an upper bound.");
    }

    /// <summary>One table: the whole kernel, then up to <paramref name="hotLoops"/> innermost loops, hottest first.</summary>
    public static void Write(TextWriter writer, PtxKernelReport report, int hotLoops)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine($"| scope | {string.Join(" | ", Columns.Select(c => c.Header))} |");
        writer.WriteLine($"| --- |{string.Concat(Enumerable.Repeat(" ---: |", Columns.Length))}");
        Row(writer, "whole kernel", report.Whole);
        foreach (var loop in report.HotLoops.Take(hotLoops))
        {
            var (first, last) = loop.Lines;
            string where = report.Functions.Count > 1 ? $"{loop.Function.Name} " : "";
            Row(writer, $"loop {where}{loop.Header.Name} (depth {loop.Depth}, {loop.Body.Count} blocks, lines {first}–{last})", loop.Mix);
        }
    }

    private static void Row(TextWriter writer, string scope, PtxMix mix) =>
        writer.WriteLine($"| {scope} | {string.Join(" | ", Columns.Select(c => c.Cell(mix)))} |");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string P(double share) => (100 * share).ToString("0", CultureInfo.InvariantCulture);
}
