// One parsed PTX instruction. A class (reference identity): the dataflow marks instructions in hash sets.
using System.Text.RegularExpressions;

namespace Gmm.KernelTools;

/// <summary>A PTX instruction: optional guard predicate, opcode, operands, its class and 1-based line.</summary>
public sealed partial class PtxInstruction
{
    /// <summary>Parses one statement (without the trailing ';').</summary>
    public PtxInstruction(string statement, int line)
    {
        ArgumentNullException.ThrowIfNull(statement);
        string text = statement.Trim();
        if (text.StartsWith('@'))
        {
            int space = text.IndexOfAny([' ', '\t']);
            Guard = text[1..space];
            text = text[space..].TrimStart();
        }
        int end = text.IndexOfAny([' ', '\t']);
        Opcode = end < 0 ? text : text[..end];
        string rest = end < 0 ? "" : text[end..].Trim();
        Operands = SplitOperands(rest);
        Class = PtxClassifier.Classify(Opcode);
        Line = line;
        Text = statement.Trim();
        bool hasDestination = PtxClassifier.HasDestination(Opcode, Class) && Operands.Count > 0;
        Destination = hasDestination ? Operands[0] : null;
        var sources = hasDestination ? Operands.Skip(1) : Operands;
        Sources = [.. sources.SelectMany(o => Register().Matches(o).Select(m => m.Value))];
        if (Guard is not null) Sources = [.. Sources, Guard.TrimStart('!')];
        AllSourcesImmediate = hasDestination && Operands.Count > 1 && Sources.Count == 0;
    }

    /// <summary>The guard predicate ("%p1" or "!%p1"), or null.</summary>
    public string? Guard { get; }

    /// <summary>The dotted mnemonic, e.g. "ld.shared.f32".</summary>
    public string Opcode { get; }

    /// <summary>The operands as written (a call's parenthesised lists are kept whole).</summary>
    public IReadOnlyList<string> Operands { get; }

    /// <summary>The instruction class.</summary>
    public PtxClass Class { get; }

    /// <summary>The line of the PTX text the statement starts on (1-based).</summary>
    public int Line { get; }

    /// <summary>The statement as written.</summary>
    public string Text { get; }

    /// <summary>The register written (first operand), or null for stores, branches, barriers, reductions.</summary>
    public string? Destination { get; }

    /// <summary>Registers read (including those inside [address] operands and the guard).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>True when every source operand is an immediate (so ptxas folds the instruction away).</summary>
    public bool AllSourcesImmediate { get; }

    /// <summary>The shared-memory or global vector width of a ld/st (1, 2, 4).</summary>
    public int VectorWidth => PtxClassifier.VectorWidth(Opcode);

    /// <summary>The branch target label of a bra, or null.</summary>
    public string? BranchTarget => Opcode.StartsWith("bra", StringComparison.Ordinal) && Operands.Count > 0 ? Operands[^1] : null;

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static List<string> SplitOperands(string text)
    {
        var result = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == ',' && depth == 0)
            {
                result.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        if (text.Length > start) result.Add(text[start..].Trim());
        return result;
    }

    [GeneratedRegex(@"%[A-Za-z_][A-Za-z0-9_]*(?:\.[xyzw])?")]
    private static partial Regex Register();
}
