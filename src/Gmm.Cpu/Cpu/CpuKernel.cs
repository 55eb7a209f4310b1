using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// The per-covariance-type arithmetic of the CPU backend. A kernel is built once per (k, d, type) and
/// <see cref="Load"/>ed with each iteration's model. Layout: points are shifted by the statistics' center c and
/// padded to dp = pad(d) columns; log-probabilities are tile×kp with padded components at −∞.
/// </summary>
internal abstract class CpuKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected CpuKernel(int k, int d, CovarianceDefinition covariance)
    {
        K = k;
        D = d;
        Covariance = covariance;
        Kp = VectorMath.Pad<T>(k);
        Dp = VectorMath.Pad<T>(d);
        Center = new T[Dp];
        Constants = new T[Kp];
    }

    public int K { get; }
    public int D { get; }
    public int Kp { get; }
    public int Dp { get; }
    public CovarianceDefinition Covariance { get; }

    /// <summary>The center c (dp), subtracted from every point before the kernel sees it.</summary>
    public T[] Center { get; }

    /// <summary>log π_k + log det U_k − ½ d log 2π per component (kp; −∞ for padding).</summary>
    protected T[] Constants { get; }

    /// <summary>Creates a lane whose tile accumulators fit this kernel.</summary>
    public abstract CpuLane<T> CreateLane(int tileRows);

    /// <summary>Copies the model's parameters into the kernel's layout, shifted by the statistics' center.</summary>
    public void Load(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        Array.Clear(Center);
        for (int j = 0; j < D; j++) Center[j] = T.CreateTruncating(statistics.Center[j]);
        var constants = model.LogDensityConstants;
        for (int c = 0; c < Kp; c++) Constants[c] = c < K ? T.CreateTruncating(constants[c]) : T.NegativeInfinity;
        LoadParameters(model, statistics);
    }

    /// <summary>Type-specific part of <see cref="Load"/>.</summary>
    protected abstract void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics);

    /// <summary>lane.Lp[b, k] = log π_k + log N(x_b | k) for the first <paramref name="rows"/> points of lane.X.</summary>
    public abstract void LogProbabilities(CpuLane<T> lane, int rows);

    /// <summary>Adds the tile's statistics; lane.Lp now holds w_b · r_bk (zero in padding).</summary>
    public abstract void AccumulateTile(CpuLane<T> lane, int rows);

    /// <summary>Moves the lane's tile accumulators (in T) into its float64 sums and clears them.</summary>
    public abstract void Flush(CpuLane<T> lane);

    /// <summary>(T)(v) for the shifted mean of component c: μ_c − center, rounded as the statistics' reference assumes.</summary>
    protected static T ShiftedMean(GaussianMixtureModel model, SufficientStatistics statistics, int c, int j) =>
        T.CreateTruncating(model.MeansArray[c * model.Dimension + j] - statistics.Center[j]);
}
