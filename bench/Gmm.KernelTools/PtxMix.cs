// The instruction mix of a set of PTX instructions (a whole kernel or one loop body), raw and as ptxas is expected
// to leave it (PtxDataflow: contracted mul+add pairs, folded integer ops; loop invariants hoisted; every mov counted free).
namespace Gmm.KernelTools;

/// <summary>Counts by <see cref="PtxClass"/>, shared-memory vector widths, and the ptxas estimate.</summary>
public sealed class PtxMix
{
    private readonly int[] counts = new int[Enum.GetValues<PtxClass>().Length];

    /// <summary>
    /// The mix of <paramref name="instructions"/>, with <paramref name="flow"/> of the function(s) they come from and, for a
    /// loop body, the <paramref name="invariant"/> instructions ptxas can hoist out of it.
    /// </summary>
    public static PtxMix Of(IEnumerable<PtxInstruction> instructions, IReadOnlyList<PtxDataflow> flow,
        IReadOnlySet<PtxInstruction>? invariant = null)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        ArgumentNullException.ThrowIfNull(flow);
        var mix = new PtxMix();
        foreach (var instruction in instructions)
        {
            mix.counts[(int)instruction.Class]++;
            mix.Total++;
            if (instruction.Class is PtxClass.SharedLoad or PtxClass.SharedStore && instruction.VectorWidth > 1)
                mix.SharedVector++;
            if (flow.Any(f => f.Contracted.Contains(instruction))) mix.ContractedFma++;
            bool folded = flow.Any(f => f.Folded.Contains(instruction));
            if (folded) mix.Folded++;
            else if (instruction.Class != PtxClass.Move && invariant is not null && invariant.Contains(instruction)) mix.Hoisted++;
        }
        return mix;
    }

    /// <summary>All instructions.</summary>
    public int Total { get; private set; }

    /// <summary>Instructions of <paramref name="cls"/>.</summary>
    public int this[PtxClass cls] => counts[(int)cls];

    /// <summary>Vector (v2/v4) shared loads and stores.</summary>
    public int SharedVector { get; private set; }

    /// <summary>mul.f32 + add/sub.f32 pairs ptxas contracts into one FFMA (counted once per pair).</summary>
    public int ContractedFma { get; private set; }

    /// <summary>Integer/convert instructions ptxas is expected to fold away.</summary>
    public int Folded { get; private set; }

    /// <summary>Loop-invariant integer/convert/compare instructions (not already folded) that ptxas can hoist out of the loop.</summary>
    public int Hoisted { get; private set; }

    /// <summary>FP32 arithmetic as written: fma + add/sub/mul/min/max/… .f32.</summary>
    public int Fp32 => this[PtxClass.Fma32] + this[PtxClass.Fp32];

    /// <summary>FMA-equivalents: explicit fma.f32 plus contractible pairs.</summary>
    public int FmaEquivalent => this[PtxClass.Fma32] + ContractedFma;

    /// <summary>FP32 share of all instructions as written.</summary>
    public double Fp32Share => Total == 0 ? 0 : (double)Fp32 / Total;

    /// <summary>Estimated issued instructions after ptxas: no mov, one per contracted pair, no folded or hoisted op.</summary>
    public int EstimatedIssued => Total - this[PtxClass.Move] - ContractedFma - Folded - Hoisted;

    /// <summary>Estimated FP32 instructions after contraction.</summary>
    public int EstimatedFp32 => Fp32 - ContractedFma;

    /// <summary>Estimated FP32 share of the issued instructions.</summary>
    public double EstimatedFp32Share => EstimatedIssued <= 0 ? 0 : (double)EstimatedFp32 / EstimatedIssued;
}
