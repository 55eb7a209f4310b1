// A group-wide float64 sum that every ILGPU backend can compile: shared memory and barriers only.
//
// ILGPU.Algorithms' GroupExtensions.Reduce and Group.BarrierOr become work_group_reduce_add and work_group_any on
// OpenCL: work-group collective functions, optional in OpenCL 3.0 (`__opencl_c_work_group_collective_functions`), so a
// device without them (PoCL's CPU device, for one) cannot build any kernel that uses them. This sum and GroupVote
// need only local memory and barriers.
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>Sums of float64 values over the threads of a group, in a fixed order (the same result on every run).</summary>
internal static class GroupSum
{
    /// <summary>Partial sums kept per value: threads t, t + 32, t + 64, … add into slot t mod 32.</summary>
    public const int Slots = 32;

    /// <summary>Shared memory a call site allocates: 2 × 32 doubles.</summary>
    public const int SharedBytes = 2 * Slots * sizeof(double);

    /// <summary>
    /// Σ a and Σ b over the group's threads in thread 0 (the other threads get (0, 0)). Every thread of the group must
    /// call it from uniform control flow (it holds barriers). Call it once per kernel: it ends without a barrier, so a
    /// second call's first writes to the slots could race with thread 0's final reads.
    /// Rounds of 32 threads add into 32 slots per value, one barrier per round; thread 0 then adds the slots in order.
    /// </summary>
    public static (double A, double B) Pair(double a, double b)
    {
        var slots = SharedMemory.Allocate<double>(2 * Slots); // [0, 32): a's partials, [32, 64): b's
        int t = Group.IdxX, lane = t % Slots, mine = t / Slots, rounds = (Group.DimX + Slots - 1) / Slots;
        for (int round = 0; round < rounds; round++)
        {
            if (mine == round)
            {
                slots[lane] = round == 0 ? a : slots[lane] + a;
                slots[Slots + lane] = round == 0 ? b : slots[Slots + lane] + b;
            }
            Group.Barrier();
        }
        double sumA = 0, sumB = 0;
        if (t == 0)
        {
            int used = Group.DimX < Slots ? Group.DimX : Slots;
            for (int s = 0; s < used; s++)
            {
                sumA += slots[s];
                sumB += slots[Slots + s];
            }
        }
        return (sumA, sumB);
    }
}
