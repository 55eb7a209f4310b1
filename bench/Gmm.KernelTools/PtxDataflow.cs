// What ptxas will predictably remove or merge from ILGPU's PTX, estimated per function from def/use counts:
//  - FMA contraction: a mul.f32 whose only use is an add.f32/sub.f32 (no rounding modifier on either) becomes one
//    FFMA; ILGPU 1.5.3 writes no fma, so this is where every FFMA of the SASS comes from.
//  - Constant folding: integer ops and conversions whose sources are all immediates ("mul.wide.u32 %rd45, 16, 4").
//  - Address folding: add.u64/s64 of such a constant to a base used only as a ld/st address ([reg + imm]).
//  - Block-local common subexpressions of integer/convert ops (same opcode and sources, none redefined in between).
// It is an estimate: ptxas also hoists invariants out of loops, strength-reduces and reallocates registers.
namespace Gmm.KernelTools;

/// <summary>Instructions of one function that ptxas fuses into another (<see cref="Contracted"/>) or drops (<see cref="Folded"/>).</summary>
public sealed class PtxDataflow
{
    private PtxDataflow(HashSet<PtxInstruction> contracted, HashSet<PtxInstruction> folded)
    {
        Contracted = contracted;
        Folded = folded;
    }

    /// <summary>add/sub.f32 instructions that absorb a single-use mul.f32 (one FFMA in SASS for the pair).</summary>
    public IReadOnlySet<PtxInstruction> Contracted { get; }

    /// <summary>Integer/convert instructions expected to vanish (constant folding, address offsets, block-local CSE).</summary>
    public IReadOnlySet<PtxInstruction> Folded { get; }

    /// <summary>Analyses one function.</summary>
    public static PtxDataflow Of(PtxFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var definitions = new Dictionary<string, List<PtxInstruction>>(StringComparer.Ordinal);
        var uses = new Dictionary<string, List<PtxInstruction>>(StringComparer.Ordinal);
        foreach (var instruction in function.Instructions)
        {
            if (instruction.Destination is { } d) Add(definitions, d, instruction);
            foreach (var s in instruction.Sources) Add(uses, s, instruction);
        }
        PtxInstruction? SingleDefinition(string register) =>
            definitions.TryGetValue(register, out var list) && list.Count == 1 ? list[0] : null;
        IReadOnlyList<PtxInstruction> UsesOf(string register) =>
            uses.TryGetValue(register, out var list) ? list : [];

        var contracted = new HashSet<PtxInstruction>();
        foreach (var mul in function.Instructions.Where(i => i.Opcode == "mul.f32" && i.Destination is not null))
        {
            var users = UsesOf(mul.Destination!);
            if (users.Count == 1 && users[0].Opcode is "add.f32" or "sub.f32" && SingleDefinition(mul.Destination!) == mul
                && !contracted.Contains(users[0]))
                contracted.Add(users[0]);
        }

        var folded = new HashSet<PtxInstruction>();
        foreach (var instruction in function.Instructions)
        {
            if (instruction.Class is PtxClass.Integer or PtxClass.Convert && instruction.AllSourcesImmediate) folded.Add(instruction);
        }
        foreach (var block in function.Blocks) AddressOffsets(block, folded);
        foreach (var block in function.Blocks) CommonSubexpressions(block, folded);
        return new PtxDataflow(contracted, folded);
    }

    /// <summary>
    /// add.u64/s64 of a folded constant (or an immediate) whose result, until redefined, only addresses ld/st/atom in
    /// the same block: ptxas puts the constant into the instruction's [reg + imm]. ILGPU reuses %rd registers, so the
    /// definitions are tracked in block order, not function-wide.
    /// </summary>
    private static void AddressOffsets(PtxBlock block, HashSet<PtxInstruction> folded)
    {
        var lastDefinition = new Dictionary<string, PtxInstruction>(StringComparer.Ordinal);
        var instructions = block.Instructions;
        for (int i = 0; i < instructions.Count; i++)
        {
            var instruction = instructions[i];
            if (instruction.Opcode is "add.u64" or "add.s64" && instruction.Destination is { } d)
            {
                bool constantOperand = instruction.Sources.Any(s => lastDefinition.TryGetValue(s, out var def) && folded.Contains(def))
                    || instruction.Operands.Count == 3 && IsImmediate(instruction.Operands[2]);
                if (constantOperand && OnlyAddresses(instructions, i, d)) folded.Add(instruction);
            }
            if (instruction.Destination is { } written) lastDefinition[written] = instruction;
        }
    }

    private static bool OnlyAddresses(List<PtxInstruction> instructions, int definition, string register)
    {
        int uses = 0;
        for (int j = definition + 1; j < instructions.Count; j++)
        {
            var next = instructions[j];
            if (next.Sources.Contains(register))
            {
                bool address = next.Class is PtxClass.SharedLoad or PtxClass.SharedStore or PtxClass.GlobalLoad
                    or PtxClass.GlobalStore or PtxClass.Atomic;
                if (!address || next.Operands.Count(o => o.Contains(register, StringComparison.Ordinal)) != 1
                    || !next.Operands.Contains($"[{register}]"))
                    return false;
                uses++;
            }
            if (next.Destination == register) break;
        }
        return uses > 0;
    }

    private static void CommonSubexpressions(PtxBlock block, HashSet<PtxInstruction> folded)
    {
        var available = new Dictionary<string, PtxInstruction>(StringComparer.Ordinal);
        foreach (var instruction in block.Instructions)
        {
            bool pure = instruction.Class is PtxClass.Integer or PtxClass.Convert && instruction.Destination is not null
                && instruction.Guard is null;
            string key = pure ? instruction.Opcode + " " + string.Join(",", instruction.Operands.Skip(1)) : "";
            if (pure && available.ContainsKey(key)) folded.Add(instruction);
            if (instruction.Destination is { } written)
            {
                foreach (var stale in available.Where(e => e.Value.Destination == written || e.Value.Sources.Contains(written)).Select(e => e.Key).ToList())
                    available.Remove(stale);
            }
            if (pure && !available.ContainsKey(key) && !instruction.Sources.Contains(instruction.Destination!)) available[key] = instruction;
        }
    }

    private static bool IsImmediate(string operand) =>
        operand.Length > 0 && (char.IsAsciiDigit(operand[0]) || operand[0] == '-');

    private static void Add(Dictionary<string, List<PtxInstruction>> map, string key, PtxInstruction instruction)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(instruction);
    }
}
