using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// Reorders the components of a tile's float32 responsibilities (b×64, components in the lanes of four 512-bit
/// registers) in place, from the kernel's order (component c in slot c, the padding after them) into another (component
/// c in slot <see cref="Slots"/>[c]): the order in which <see cref="DiagonalKernel{T, TLayout, TV}"/> sums spherical F,
/// and lists each register's rows in the same pass. Only moves values (no arithmetic). The one shape it serves is
/// <see cref="Sorts"/>'s; spherical's other shapes sum F in the model's order.
/// </summary>
internal sealed class ResponsibilityGather<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes of a 512-bit float32 register.</summary>
    private const int Lanes = 16;

    private readonly int _k;
    private readonly int _kp;

    /// <summary>Target slot s takes source slot _source[s] (the padding slots themselves).</summary>
    private readonly int[] _source;

    /// <summary>Per target register, the two-register permutation indices (source slot mod 32).</summary>
    private readonly int[] _pairIndices;

    /// <summary>Per target lane, all ones where the source slot is in registers 2–3, else 0.</summary>
    private readonly int[] _upperPair;

    /// <summary>A gather of k components in rows of kp slots, for a kernel of <paramref name="kernelLanes"/>-lane registers; only where <see cref="Sorts"/>.</summary>
    public ResponsibilityGather(int k, int kp, int kernelLanes)
    {
        if (!Sorts(kp, kernelLanes)) throw new ArgumentException($"no gather for kp = {kp} in {kernelLanes}-lane registers of {typeof(T).Name}.");
        _k = k;
        _kp = kp;
        Slots = new int[k];
        _source = new int[kp];
        _pairIndices = new int[kp];
        _upperPair = new int[kp];
    }

    /// <summary>Slots[c] = where component c goes (a permutation of 0 … k − 1); set it, then call <see cref="Prepare"/>.</summary>
    public int[] Slots { get; }

    /// <summary>The registers of a row that <see cref="ApplyAndList"/> takes: float32 rows of four 512-bit registers.</summary>
    public const int ListedRegisters = 4;

    /// <summary>
    /// Whether rows of <paramref name="kp"/> slots in <paramref name="kernelLanes"/>-lane registers have a gather (float32,
    /// kp = 64, a kernel of 512-bit registers on AVX-512): the shape whose spherical F is summed in the principal axis'
    /// order. Elsewhere a reorder would cost more than the rows it lets F skip, so F stays in the model's order.
    /// </summary>
    public static bool Sorts(int kp, int kernelLanes) =>
        typeof(T) == typeof(float) && kernelLanes == Lanes && kp == ListedRegisters * Lanes && Avx512F.IsSupported
        && Vector512.IsHardwareAccelerated;

    /// <summary>The gather's method (<see cref="ApplyAndList"/>), for the kernel's precompilation list.</summary>
    public static MethodInfo Method =>
        typeof(ResponsibilityGather<T>).GetMethod(nameof(ApplyAndList), BindingFlags.Public | BindingFlags.Instance)
        ?? throw new MissingMethodException(nameof(ResponsibilityGather<T>), nameof(ApplyAndList));

    /// <summary>Derives the gather's tables from <see cref="Slots"/>.</summary>
    public void Prepare()
    {
        for (int s = _k; s < _kp; s++) _source[s] = s;
        for (int c = 0; c < _k; c++) _source[Slots[c]] = c;
        for (int s = 0; s < _kp; s++)
        {
            _pairIndices[s] = _source[s] % (2 * Lanes);
            _upperPair[s] = _source[s] >= 2 * Lanes ? -1 : 0;
        }
    }

    /// <summary>
    /// Reorders the first <paramref name="rows"/> rows of <paramref name="lp"/> (b×64 float32)
    /// in place, two two-register permutations and a select per register, and lists for each register r of the new order
    /// the rows whose values there are not all exactly 0 in <paramref name="lists"/> from r·<paramref name="listLength"/>
    /// on (rows in order), their number in <paramref name="counts"/>[r].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyAndList(T[] lp, int rows, int[] lists, int listLength, Span<int> counts)
    {
        ref float row = ref Unsafe.As<T, float>(ref MemoryMarshal.GetArrayDataReference(lp));
        ref int indices = ref MemoryMarshal.GetArrayDataReference(_pairIndices);
        ref int upper = ref MemoryMarshal.GetArrayDataReference(_upperPair);
        ref int list0 = ref MemoryMarshal.GetArrayDataReference(lists);
        ref int list1 = ref Unsafe.Add(ref list0, listLength);
        ref int list2 = ref Unsafe.Add(ref list0, 2 * listLength);
        ref int list3 = ref Unsafe.Add(ref list0, 3 * listLength);
        Vector512<int> i0 = Vector512.LoadUnsafe(ref indices, 0), i1 = Vector512.LoadUnsafe(ref indices, Lanes),
            i2 = Vector512.LoadUnsafe(ref indices, 2 * Lanes), i3 = Vector512.LoadUnsafe(ref indices, 3 * Lanes);
        Vector512<float> u0 = Vector512.LoadUnsafe(ref upper, 0).AsSingle(), u1 = Vector512.LoadUnsafe(ref upper, Lanes).AsSingle(),
            u2 = Vector512.LoadUnsafe(ref upper, 2 * Lanes).AsSingle(), u3 = Vector512.LoadUnsafe(ref upper, 3 * Lanes).AsSingle();
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (int b = 0; b < rows; b++)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref row, 0), r1 = Vector512.LoadUnsafe(ref row, Lanes),
                r2 = Vector512.LoadUnsafe(ref row, 2 * Lanes), r3 = Vector512.LoadUnsafe(ref row, 3 * Lanes);
            var p0 = Vector512.ConditionalSelect(u0, Avx512F.PermuteVar16x32x2(r2, i0, r3), Avx512F.PermuteVar16x32x2(r0, i0, r1));
            var p1 = Vector512.ConditionalSelect(u1, Avx512F.PermuteVar16x32x2(r2, i1, r3), Avx512F.PermuteVar16x32x2(r0, i1, r1));
            var p2 = Vector512.ConditionalSelect(u2, Avx512F.PermuteVar16x32x2(r2, i2, r3), Avx512F.PermuteVar16x32x2(r0, i2, r1));
            var p3 = Vector512.ConditionalSelect(u3, Avx512F.PermuteVar16x32x2(r2, i3, r3), Avx512F.PermuteVar16x32x2(r0, i3, r1));
            p0.StoreUnsafe(ref row, 0);
            p1.StoreUnsafe(ref row, Lanes);
            p2.StoreUnsafe(ref row, 2 * Lanes);
            p3.StoreUnsafe(ref row, 3 * Lanes);
            // Without a branch (as the kernel's listing): the row is written at each list's end, which moves on when
            // the register has a lane that is not exactly 0 (NaN included). Equality with 0 is false for NaN, and ±0 are 0.
            Unsafe.Add(ref list0, c0) = b;
            Unsafe.Add(ref list1, c1) = b;
            Unsafe.Add(ref list2, c2) = b;
            Unsafe.Add(ref list3, c3) = b;
            c0 += Vector512.EqualsAll(p0, Vector512<float>.Zero) ? 0 : 1;
            c1 += Vector512.EqualsAll(p1, Vector512<float>.Zero) ? 0 : 1;
            c2 += Vector512.EqualsAll(p2, Vector512<float>.Zero) ? 0 : 1;
            c3 += Vector512.EqualsAll(p3, Vector512<float>.Zero) ? 0 : 1;
            row = ref Unsafe.Add(ref row, ListedRegisters * Lanes);
        }
        counts[0] = c0;
        counts[1] = c1;
        counts[2] = c2;
        counts[3] = c3;
    }
}
