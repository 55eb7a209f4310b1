using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gmm.Cpu;

/// <summary>
/// Reorders the components of a tile's responsibilities (b×kp, components in the lanes) in place, from the kernel's
/// order (component c in slot c, the padding after them) into another (component c in slot <see cref="Slots"/>[c]): the
/// order in which <see cref="DiagonalKernel{T, TLayout, TV}"/> sums spherical F. Only moves values (no arithmetic).
/// </summary>
internal sealed class ResponsibilityGather<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes of a 512-bit float32 register.</summary>
    private const int Lanes = 16;

    private readonly int _k;
    private readonly int _kp;

    /// <summary>Target slot s takes source slot _source[s] (the padding slots themselves).</summary>
    private readonly int[] _source;

    /// <summary>Float32, kp = 64: per target register, the two-register permutation indices (source slot mod 32).</summary>
    private readonly int[] _pairIndices;

    /// <summary>Float32, kp = 64: per target lane, all ones where the source slot is in registers 2–3, else 0.</summary>
    private readonly int[] _upperPair;

    public ResponsibilityGather(int k, int kp)
    {
        _k = k;
        _kp = kp;
        Slots = new int[k];
        _source = new int[kp];
        _pairIndices = new int[kp];
        _upperPair = new int[kp];
    }

    /// <summary>Slots[c] = where component c goes (a permutation of 0 … k − 1); set it, then call <see cref="Prepare"/>.</summary>
    public int[] Slots { get; }

    /// <summary><see cref="Apply"/>, for the kernel's precompilation list.</summary>
    public static MethodInfo Method =>
        typeof(ResponsibilityGather<T>).GetMethod(nameof(Apply), BindingFlags.Public | BindingFlags.Instance)
        ?? throw new MissingMethodException(nameof(ResponsibilityGather<T>), nameof(Apply));

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
    /// Reorders the first <paramref name="rows"/> rows of <paramref name="lp"/> (b×kp); <paramref name="scratch"/> (at
    /// least rows×kp) may be overwritten. Float32 rows of four 512-bit registers take two two-register permutations and
    /// a select per register; other shapes a copy and a scalar gather.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(T[] lp, T[] scratch, int rows)
    {
        int kp = _kp;
        if (typeof(T) == typeof(float) && kp == 4 * Lanes && Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            ref float row = ref Unsafe.As<T, float>(ref MemoryMarshal.GetArrayDataReference(lp));
            ref int indices = ref MemoryMarshal.GetArrayDataReference(_pairIndices);
            ref int upper = ref MemoryMarshal.GetArrayDataReference(_upperPair);
            Vector512<int> i0 = Vector512.LoadUnsafe(ref indices, 0), i1 = Vector512.LoadUnsafe(ref indices, Lanes),
                i2 = Vector512.LoadUnsafe(ref indices, 2 * Lanes), i3 = Vector512.LoadUnsafe(ref indices, 3 * Lanes);
            Vector512<float> u0 = Vector512.LoadUnsafe(ref upper, 0).AsSingle(), u1 = Vector512.LoadUnsafe(ref upper, Lanes).AsSingle(),
                u2 = Vector512.LoadUnsafe(ref upper, 2 * Lanes).AsSingle(), u3 = Vector512.LoadUnsafe(ref upper, 3 * Lanes).AsSingle();
            for (int b = 0; b < rows; b++)
            {
                Vector512<float> r0 = Vector512.LoadUnsafe(ref row, 0), r1 = Vector512.LoadUnsafe(ref row, Lanes),
                    r2 = Vector512.LoadUnsafe(ref row, 2 * Lanes), r3 = Vector512.LoadUnsafe(ref row, 3 * Lanes);
                Vector512.ConditionalSelect(u0, Avx512F.PermuteVar16x32x2(r2, i0, r3), Avx512F.PermuteVar16x32x2(r0, i0, r1)).StoreUnsafe(ref row, 0);
                Vector512.ConditionalSelect(u1, Avx512F.PermuteVar16x32x2(r2, i1, r3), Avx512F.PermuteVar16x32x2(r0, i1, r1)).StoreUnsafe(ref row, Lanes);
                Vector512.ConditionalSelect(u2, Avx512F.PermuteVar16x32x2(r2, i2, r3), Avx512F.PermuteVar16x32x2(r0, i2, r1)).StoreUnsafe(ref row, 2 * Lanes);
                Vector512.ConditionalSelect(u3, Avx512F.PermuteVar16x32x2(r2, i3, r3), Avx512F.PermuteVar16x32x2(r0, i3, r1)).StoreUnsafe(ref row, 3 * Lanes);
                row = ref Unsafe.Add(ref row, kp);
            }
            return;
        }
        Array.Copy(lp, scratch, rows * kp);
        ref T target = ref MemoryMarshal.GetArrayDataReference(lp);
        ref T copy = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref int source = ref MemoryMarshal.GetArrayDataReference(_source);
        for (int b = 0; b < rows; b++)
        {
            ref T from = ref Unsafe.Add(ref copy, b * kp);
            ref T to = ref Unsafe.Add(ref target, b * kp);
            for (int s = 0; s < kp; s++) Unsafe.Add(ref to, s) = Unsafe.Add(ref from, Unsafe.Add(ref source, s));
        }
    }
}
