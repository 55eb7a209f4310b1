using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm.Cpu;

internal abstract partial class SimdKernel<T, TV>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public sealed override void LogProbabilities(ReadOnlySpan<T> values, Span<double> destination, CpuLane<T> lane)
    {
        int d = D, k = K, n = values.Length / d, tileRows = lane.TileRows;
        bool inOrder = true;
        for (int c = 0; c < k; c++) inOrder &= Slots[c] == c;
        for (int start = 0; start < n; start += tileRows)
        {
            int rows = Math.Min(tileRows, n - start);
            CopyTile(values.Slice(start * d, rows * d), default, lane, rows);
            LogProbabilities(lane, rows);
            WidenTile(lane, destination.Slice(start * k, rows * k), rows, inOrder);
        }
    }

    /// <summary>
    /// destination (rows×k, row-major, float64) = the tile's log-probabilities in lane.Lp, component c from its slot:
    /// a row's k values copied at once where the slots are in order and the points are not in the lanes, else value by
    /// value. Copies only (the same values as an indexed loop, without its bounds checks and per-value layout test).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WidenTile(CpuLane<T> lane, Span<double> destination, int rows, bool inOrder)
    {
        int k = K, kp = Kp, tileRows = lane.TileRows;
        ref T lp = ref MemoryMarshal.GetArrayDataReference(lane.Lp);
        ref int slots = ref MemoryMarshal.GetArrayDataReference(Slots);
        ref double target = ref MemoryMarshal.GetReference(destination);
        if (PointLanes)
        {
            for (int b = 0; b < rows; b++)
                for (int c = 0; c < k; c++)
                    Unsafe.Add(ref target, b * k + c) = double.CreateTruncating(Unsafe.Add(ref lp, Unsafe.Add(ref slots, c) * tileRows + b));
        }
        else if (inOrder && typeof(T) == typeof(double))
        {
            for (int b = 0; b < rows; b++)
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, double>(ref Unsafe.Add(ref lp, b * kp)), k)
                    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref target, b * k), k));
        }
        else
        {
            for (int b = 0; b < rows; b++)
            {
                ref T row = ref Unsafe.Add(ref lp, b * kp);
                for (int c = 0; c < k; c++) Unsafe.Add(ref target, b * k + c) = double.CreateTruncating(Unsafe.Add(ref row, Unsafe.Add(ref slots, c)));
            }
        }
    }
}
