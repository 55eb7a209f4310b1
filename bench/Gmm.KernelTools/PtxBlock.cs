// A basic block of a PTX function: an optional label, then straight-line instructions ending at a branch or a label.
namespace Gmm.KernelTools;

/// <summary>A basic block; <see cref="Successors"/> are indices into the function's block list.</summary>
public sealed class PtxBlock(int index, string? label)
{
    /// <summary>The position in the function's layout order.</summary>
    public int Index { get; } = index;

    /// <summary>The label that starts the block, or null (fall-through after a branch).</summary>
    public string? Label { get; } = label;

    /// <summary>The instructions in order.</summary>
    public List<PtxInstruction> Instructions { get; } = [];

    /// <summary>Blocks control may pass to next.</summary>
    public List<int> Successors { get; } = [];

    /// <summary>The label, or "#index" for an unlabelled block.</summary>
    public string Name => Label ?? $"#{Index}";
}
