using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// One worker's scratch and float64 partial sums. Allocated once per model shape and reused every iteration.
/// Tile buffers: x (tile×dp, shifted by the center), lp (tile×kp log-probabilities, then weighted responsibilities).
/// Partial sums: N (k), F (k×d), S (shape of <see cref="SufficientStatistics.SecondOrder"/>), log-likelihood, Σw.
/// Kernels may add their own tile accumulators in T (TileFirst, TileSecond) that they flush into the float64 sums.
/// </summary>
internal sealed class CpuLane<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public CpuLane(int tileRows, int k, int d, CovarianceDefinition covariance, int tileFirstLength, int tileSecondLength)
    {
        int dp = VectorMath.Pad<T>(d), kp = VectorMath.Pad<T>(k);
        X = new T[tileRows * dp];
        Lp = new T[tileRows * kp];
        Weights = new T[tileRows];
        N = new double[k];
        F = new double[k * d];
        S = new double[covariance.CovarianceLength(k, d)];
        TileN = new T[kp];
        TileFirst = new T[tileFirstLength];
        TileSecond = new T[tileSecondLength];
        Scratch = new T[Math.Max(Math.Max(dp, kp) * 4, tileRows)];
        Left = new T[tileRows * dp + 4]; // the rank update reads rows in groups of 4 features, past dp when dp % 4 != 0
        Right = new T[tileRows * dp];
        RowIndex = new int[tileRows];
    }

    public T[] X { get; }
    public T[] Lp { get; }
    public T[] Weights { get; }
    public double[] N { get; }
    public double[] F { get; }
    public double[] S { get; }
    public T[] TileN { get; }
    public T[] TileFirst { get; }
    public T[] TileSecond { get; }
    public T[] Scratch { get; }

    /// <summary>Tile-sized work matrices (tile×dp) for the blocked products of the full and tied kernels.</summary>
    public T[] Left { get; }
    public T[] Right { get; }
    public int[] RowIndex { get; }
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
