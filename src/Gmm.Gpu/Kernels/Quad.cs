// Register tiles of the kernels: 4 points × 4 components (or columns) per thread, as named fields so that
// ILGPU keeps them in registers (it would put an indexed local array in local memory).
namespace Gmm.Gpu.Kernels;

/// <summary>Four values of one point (or one row) held by a thread.</summary>
internal struct Quad<T> where T : unmanaged
{
    public T V0, V1, V2, V3;
}
