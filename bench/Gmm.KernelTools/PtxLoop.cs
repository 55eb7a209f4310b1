// A natural loop of a PTX function (all blocks of the back edges to one header).
namespace Gmm.KernelTools;

/// <summary>A loop: its header, body blocks, nesting depth and instruction mix (one pass through every body block).</summary>
public sealed class PtxLoop(PtxFunction function, PtxBlock header, IReadOnlyList<PtxBlock> body, int depth, bool innermost, PtxMix mix)
{
    /// <summary>The function the loop is in.</summary>
    public PtxFunction Function { get; } = function;

    /// <summary>The header block (target of the back edges).</summary>
    public PtxBlock Header { get; } = header;

    /// <summary>The body blocks (header included), in layout order.</summary>
    public IReadOnlyList<PtxBlock> Body { get; } = body;

    /// <summary>1 for an outermost loop, +1 per enclosing loop.</summary>
    public int Depth { get; } = depth;

    /// <summary>True when no other loop is nested inside.</summary>
    public bool Innermost { get; } = innermost;

    /// <summary>The instruction mix of one pass through every body block (predicated-off paths included).</summary>
    public PtxMix Mix { get; } = mix;

    /// <summary>First and last PTX line of the body.</summary>
    public (int First, int Last) Lines =>
        (Body.SelectMany(b => b.Instructions).Select(i => i.Line).DefaultIfEmpty().Min(),
         Body.SelectMany(b => b.Instructions).Select(i => i.Line).DefaultIfEmpty().Max());
}
