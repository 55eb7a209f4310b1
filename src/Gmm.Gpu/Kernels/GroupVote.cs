// "Is the condition true in any thread of the group?" with local memory and one barrier, for every ILGPU backend
// (Group.BarrierOr is OpenCL's optional work_group_any; see GroupSum).
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// Repeated group-wide votes. Create once per kernel (all threads, uniform control flow), then call <see cref="Any"/>
/// from uniform control flow as often as needed. Each vote uses one of three shared flags in turn: thread 0 clears
/// the flag of the vote before this one after this vote's barrier, when every thread has read it, and the next write
/// to that flag comes two votes later, after the next barrier, so one barrier per vote is enough.
/// </summary>
internal struct GroupVote
{
    private ArrayView<int> _flags; // 3 shared ints: vote i uses flag i mod 3
    private int _vote;

    /// <summary>Allocates and clears the flags (one barrier). Every thread of the group must call it.</summary>
    public static GroupVote Create()
    {
        var flags = SharedMemory.Allocate<int>(3);
        if (Group.IdxX == 0)
        {
            flags[0] = 0;
            flags[1] = 0;
            flags[2] = 0;
        }
        Group.Barrier();
        return new GroupVote { _flags = flags, _vote = 0 };
    }

    /// <summary>True in every thread when <paramref name="value"/> is true in at least one; a barrier for the group.</summary>
    public bool Any(bool value)
    {
        int flag = _vote % 3;
        if (value) Atomic.Or(ref _flags[flag], 1);
        Group.Barrier();
        bool any = _flags[flag] != 0;
        if (Group.IdxX == 0) _flags[(_vote + 2) % 3] = 0; // the previous vote's flag: read by all before this barrier
        _vote++;
        return any;
    }
}
