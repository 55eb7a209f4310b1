using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// One worker's scratch and float64 partial sums. Allocated once per model shape and reused every iteration.
/// Tile buffers: x (tile×dp, shifted by the center), lp (tile×kp log-probabilities, then weighted responsibilities).
/// Partial sums: N (k), F (k×d), S (shape of <see cref="SufficientStatistics.SecondOrder"/>), log-likelihood, Σw.
/// Tile accumulators in T (TileN, TileFirst, TileSecond, in the kernel's layout) are added every few tiles into float64
/// accumulators of the same layout (WideN, WideFirst, WideSecond), which the kernel moves into N, F, S at the end of its
/// range; kernels may have scratch of their own (<see cref="Scratch"/>).
/// </summary>
internal sealed class CpuLane<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public CpuLane(CpuKernel<T> kernel, int tileRows, int tileFirstLength, int tileSecondLength, int scratchLength = 0, int rowLists = 1)
    {
        int k = kernel.K, d = kernel.D;
        TileRows = tileRows;
        X = new T[tileRows * kernel.Dp];
        Lp = new T[tileRows * kernel.Kp];
        Weights = new T[tileRows];
        N = new double[k];
        F = new double[k * d];
        S = new double[kernel.Covariance.CovarianceLength(k, d)];
        TileN = new T[kernel.Kp];
        TileFirst = new T[tileFirstLength];
        TileSecond = new T[tileSecondLength];
        WideN = new double[kernel.Kp];
        WideFirst = new double[tileFirstLength];
        WideSecond = new double[tileSecondLength];
        RowMax = new T[tileRows];
        RowSum = new T[tileRows];
        Scratch = new T[scratchLength];
        Rows = new int[tileRows * rowLists];
    }

    /// <summary>Points per tile (a multiple of <see cref="SimdKernel{T, TV}.RowBlock"/>).</summary>
    public int TileRows { get; }

    public T[] X { get; }
    public T[] Lp { get; }
    public T[] Weights { get; }
    public double[] N { get; }
    public double[] F { get; }
    public double[] S { get; }
    public T[] TileN { get; }
    public T[] TileFirst { get; }
    public T[] TileSecond { get; }
    public double[] WideN { get; }
    public double[] WideFirst { get; }
    public double[] WideSecond { get; }

    /// <summary>Per tile row: the largest log-probability and Σ_k exp(lp − max) (the log-sum-exp's parts).</summary>
    public T[] RowMax { get; }
    public T[] RowSum { get; }

    /// <summary>The kernel's own per-tile work space.</summary>
    public T[] Scratch { get; }

    /// <summary>Tile row numbers (tile rows per list, one list unless the kernel asked for more): a kernel's lists of the rows a component or register block owns.</summary>
    public int[] Rows { get; }

    public double LogLikelihood { get; set; }
    public double WeightSum { get; set; }
    public long PointCount { get; set; }

    public void Clear()
    {
        Array.Clear(N);
        Array.Clear(F);
        Array.Clear(S);
        LogLikelihood = 0;
        WeightSum = 0;
        PointCount = 0;
    }
}
