// One .entry or .func of a PTX module, as basic blocks with their control-flow edges.
namespace Gmm.KernelTools;

/// <summary>A PTX function body.</summary>
public sealed class PtxFunction(string name, bool isEntry, IReadOnlyList<PtxBlock> blocks)
{
    /// <summary>The PTX symbol.</summary>
    public string Name { get; } = name;

    /// <summary>True for the kernel entry (.entry), false for a .func it calls.</summary>
    public bool IsEntry { get; } = isEntry;

    /// <summary>Basic blocks in layout order; block 0 is the function's entry.</summary>
    public IReadOnlyList<PtxBlock> Blocks { get; } = blocks;

    /// <summary>All instructions in layout order.</summary>
    public IEnumerable<PtxInstruction> Instructions => Blocks.SelectMany(b => b.Instructions);
}
