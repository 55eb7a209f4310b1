// A 4×4 register tile of a kernel thread.
namespace Gmm.Gpu.Kernels;

/// <summary>A 4×4 register tile: row q is a point (or row index), column a component (or column index).</summary>
internal struct Tile<T> where T : unmanaged
{
    public Quad<T> R0, R1, R2, R3;
}
