// A small PTX reader, enough for ILGPU's output: .entry/.func bodies, labels, one statement per ';' (a call's operand
// list may span lines), directives (.reg, .shared, .param, .loc) skipped, scoped { } blocks flattened.
using System.Text;
using System.Text.RegularExpressions;

namespace Gmm.KernelTools;

/// <summary>Parses a PTX module into functions of basic blocks.</summary>
public static partial class PtxParser
{
    /// <summary>The functions defined in <paramref name="ptx"/> (prototypes without a body are skipped).</summary>
    public static IReadOnlyList<PtxFunction> Parse(string ptx)
    {
        ArgumentNullException.ThrowIfNull(ptx);
        var functions = new List<PtxFunction>();
        var lines = ptx.Split('\n');
        string? header = null;
        bool isEntry = false;
        int depth = 0;
        List<PtxBlock>? blocks = null;
        var statement = new StringBuilder();
        int statementLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = StripComment(lines[i]).Trim();
            if (line.Length == 0) continue;
            if (blocks is null)
            {
                var match = FunctionHeader().Match(line);
                if (match.Success)
                {
                    header = match.Groups["name"].Value;
                    isEntry = match.Groups["kind"].Value == "entry";
                }
                if (header is null) continue;
                if (line.EndsWith(';')) header = null; // a prototype
                else if (line == "{")
                {
                    blocks = [new PtxBlock(0, null)];
                    depth = 1;
                }
                continue;
            }
            if (statement.Length == 0)
            {
                if (line == "{") { depth++; continue; }
                if (line == "}")
                {
                    if (--depth == 0)
                    {
                        functions.Add(new PtxFunction(header!, isEntry, Link(blocks)));
                        blocks = null;
                        header = null;
                    }
                    continue;
                }
                if (line.StartsWith('.')) continue;
                var label = Label().Match(line);
                if (label.Success)
                {
                    blocks.Add(new PtxBlock(blocks.Count, label.Groups[1].Value));
                    continue;
                }
                statementLine = i + 1;
            }
            statement.Append(statement.Length == 0 ? "" : " ").Append(line);
            if (!line.EndsWith(';')) continue;
            var instruction = new PtxInstruction(statement.ToString().TrimEnd(';'), statementLine);
            statement.Clear();
            var current = blocks[^1];
            if (current.Instructions.Count > 0 && EndsBlock(current.Instructions[^1]))
            {
                current = new PtxBlock(blocks.Count, null);
                blocks.Add(current);
            }
            current.Instructions.Add(instruction);
        }
        return functions;
    }

    private static bool EndsBlock(PtxInstruction instruction) =>
        instruction.Class == PtxClass.Branch && !instruction.Opcode.StartsWith("call", StringComparison.Ordinal);

    /// <summary>Fills in the successors: a branch's target, plus the next block unless the branch is unconditional.</summary>
    private static List<PtxBlock> Link(List<PtxBlock> blocks)
    {
        var byLabel = blocks.Where(b => b.Label is not null).ToDictionary(b => b.Label!, b => b.Index, StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var last = block.Instructions.Count > 0 ? block.Instructions[^1] : null;
            bool fallsThrough = true;
            if (last is not null && EndsBlock(last))
            {
                if (last.BranchTarget is { } target && byLabel.TryGetValue(target, out int to)) block.Successors.Add(to);
                fallsThrough = last.Guard is not null;
            }
            if (fallsThrough && block.Index + 1 < blocks.Count && !block.Successors.Contains(block.Index + 1))
                block.Successors.Add(block.Index + 1);
        }
        return blocks;
    }

    private static string StripComment(string line)
    {
        int comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    [GeneratedRegex(@"\.(?<kind>entry|func)\s+(?:\([^)]*\)\s*)?(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex FunctionHeader();

    [GeneratedRegex(@"^([A-Za-z_$][\w$]*):$")]
    private static partial Regex Label();
}
