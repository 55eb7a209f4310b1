// Natural loops of a PTX function: a back edge is an edge n → h where h dominates n; the loop of header h is h plus
// every block that reaches a back-edge source without passing through h. Dominators by the iterative bit-set method.
namespace Gmm.KernelTools;

/// <summary>Finds the loops of a PTX function.</summary>
public static class PtxLoopFinder
{
    /// <summary>The loops of <paramref name="function"/>, outer before inner, in header layout order.</summary>
    public static IReadOnlyList<PtxLoop> Find(PtxFunction function, PtxDataflow flow)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(flow);
        var blocks = function.Blocks;
        int n = blocks.Count;
        if (n == 0) return [];
        var predecessors = new List<int>[n];
        for (int i = 0; i < n; i++) predecessors[i] = [];
        foreach (var block in blocks)
            foreach (int s in block.Successors) predecessors[s].Add(block.Index);
        var dominators = Dominators(blocks, predecessors);

        var bodies = new SortedDictionary<int, HashSet<int>>();
        foreach (var block in blocks)
            foreach (int header in block.Successors.Where(h => dominators[block.Index][h]))
            {
                if (!bodies.TryGetValue(header, out var body)) bodies[header] = body = [header];
                var stack = new Stack<int>();
                if (body.Add(block.Index)) stack.Push(block.Index);
                while (stack.Count > 0)
                    foreach (int p in predecessors[stack.Pop()])
                        if (body.Add(p)) stack.Push(p);
            }

        var loops = new List<PtxLoop>();
        foreach (var (header, body) in bodies)
        {
            int depth = bodies.Count(other => other.Value.Contains(header) && other.Value.IsSupersetOf(body));
            bool innermost = !bodies.Any(other => other.Key != header && body.Contains(other.Key));
            var members = body.Order().Select(i => blocks[i]).ToList();
            var instructions = members.SelectMany(b => b.Instructions).ToList();
            loops.Add(new PtxLoop(function, blocks[header], members, depth, innermost,
                PtxMix.Of(instructions, [flow], Invariants(instructions))));
        }
        return [.. loops.OrderBy(l => l.Depth).ThenBy(l => l.Header.Index)];
    }

    /// <summary>
    /// Loop-invariant instructions: unguarded integer/convert/compare/mov whose source registers are defined in the body
    /// only by other invariant instructions (ILGPU places such values next to their use, inside the loop; ptxas hoists
    /// them). Special registers (%tid.x) are invariant; memory, FP and control instructions never count.
    /// </summary>
    private static HashSet<PtxInstruction> Invariants(List<PtxInstruction> body)
    {
        var definitions = body.Where(i => i.Destination is not null).GroupBy(i => i.Destination!)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var invariant = new HashSet<PtxInstruction>();
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var instruction in body)
            {
                if (invariant.Contains(instruction) || instruction.Guard is not null || instruction.Destination is null
                    || instruction.Class is not (PtxClass.Integer or PtxClass.Convert or PtxClass.Compare or PtxClass.Move))
                    continue;
                if (definitions[instruction.Destination].Count != 1) continue; // a loop-carried register
                if (instruction.Sources.All(s => !definitions.TryGetValue(s, out var defs) || defs.All(invariant.Contains)))
                {
                    invariant.Add(instruction);
                    changed = true;
                }
            }
        }
        return invariant;
    }

    private static bool[][] Dominators(IReadOnlyList<PtxBlock> blocks, List<int>[] predecessors)
    {
        int n = blocks.Count;
        var reachable = new bool[n];
        var order = new List<int>();
        var stack = new Stack<(int Block, int Next)>();
        stack.Push((0, 0));
        reachable[0] = true;
        while (stack.Count > 0) // reverse postorder by an explicit DFS
        {
            var (b, next) = stack.Pop();
            var successors = blocks[b].Successors;
            if (next < successors.Count)
            {
                stack.Push((b, next + 1));
                int s = successors[next];
                if (!reachable[s])
                {
                    reachable[s] = true;
                    stack.Push((s, 0));
                }
            }
            else order.Add(b);
        }
        order.Reverse();
        var dom = new bool[n][];
        for (int i = 0; i < n; i++)
        {
            dom[i] = new bool[n];
            if (i == 0) dom[i][0] = true;
            else Array.Fill(dom[i], true);
        }
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (int b in order.Where(b => b != 0))
            {
                var next = new bool[n];
                Array.Fill(next, true);
                foreach (int p in predecessors[b].Where(p => reachable[p]))
                    for (int i = 0; i < n; i++) next[i] &= dom[p][i];
                next[b] = true;
                if (!next.AsSpan().SequenceEqual(dom[b]))
                {
                    dom[b] = next;
                    changed = true;
                }
            }
        }
        return dom;
    }
}
