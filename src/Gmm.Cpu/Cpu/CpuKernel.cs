using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// The per-covariance-type arithmetic of the CPU backend, as the backend sees it (width-independent). A kernel is built
/// once per (k, d, type, register width) and <see cref="Load"/>ed with each iteration's model. Layout: points are shifted
/// by the statistics' center c and padded to dp = pad(d) columns; log-probabilities are tile×kp with padded components
/// at −∞ (pad = a multiple of the kernel's register width). The tile pipeline lives in <see cref="SimdKernel{T, TV}"/>.
/// </summary>
internal abstract class CpuKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected CpuKernel(int k, int d, CovarianceDefinition covariance, int lanes)
    {
        K = k;
        D = d;
        Covariance = covariance;
        Lanes = lanes;
        Kp = Pad(k);
        Dp = Pad(d);
        Center = new T[Dp];
        Constants = new T[Kp];
    }

    public int K { get; }
    public int D { get; }
    public int Kp { get; }
    public int Dp { get; }

    /// <summary>Values per register of the kernel's width.</summary>
    public int Lanes { get; }

    public CovarianceDefinition Covariance { get; }

    /// <summary>The center c (dp), subtracted from every point before the kernel sees it.</summary>
    public T[] Center { get; }

    /// <summary>log π_k + log det U_k − ½ d log 2π per component (kp; −∞ for padding).</summary>
    protected T[] Constants { get; }

    /// <summary>n rounded up to a multiple of <see cref="Lanes"/>.</summary>
    public int Pad(int n) => (n + Lanes - 1) / Lanes * Lanes;

    /// <summary>Creates a lane whose buffers fit this kernel.</summary>
    public abstract CpuLane<T> CreateLane(int tileRows);

    /// <summary>
    /// Whether the last <see cref="Load"/> let the kernel order its components for the statistics' sake (a kernel that
    /// does, diag, puts nearby components in one register); a load for log-probabilities only keeps them in order.
    /// </summary>
    protected bool OrdersComponents { get; private set; } = true;

    /// <summary>
    /// Copies the model's parameters into the kernel's layout, shifted by the statistics' center; with
    /// <paramref name="forStatistics"/> false (log-probabilities only), the components stay in their order.
    /// </summary>
    public void Load(GaussianMixtureModel model, SufficientStatistics statistics, bool forStatistics = true)
    {
        OrdersComponents = forStatistics;
        Array.Clear(Center);
        for (int j = 0; j < D; j++) Center[j] = T.CreateTruncating(statistics.Center[j]);
        var constants = model.LogDensityConstants;
        for (int c = 0; c < Kp; c++) Constants[c] = c < K ? T.CreateTruncating(constants[c]) : T.NegativeInfinity;
        LoadParameters(model, statistics);
    }

    /// <summary>Type-specific part of <see cref="Load"/>.</summary>
    protected abstract void LoadParameters(GaussianMixtureModel model, SufficientStatistics statistics);

    /// <summary>
    /// Adds the statistics of the n×d row-major <paramref name="values"/> (weights: n, or empty for 1) into the lane's
    /// float64 sums; the lane's tile sums are flushed before it returns.
    /// </summary>
    public abstract void Accumulate(ReadOnlySpan<T> values, ReadOnlySpan<T> weights, CpuLane<T> lane);

    /// <summary>log π_k + log N(x | k) into <paramref name="destination"/> (n×k, row-major) for n×d row-major <paramref name="values"/>.</summary>
    public abstract void LogProbabilities(ReadOnlySpan<T> values, Span<double> destination, CpuLane<T> lane);

    /// <summary>(T)(v) for the shifted mean of component c: μ_c − center, rounded as the statistics' reference assumes.</summary>
    protected static T ShiftedMean(GaussianMixtureModel model, SufficientStatistics statistics, int c, int j) =>
        T.CreateTruncating(model.MeansArray[c * model.Dimension + j] - statistics.Center[j]);

    /// <summary>
    /// Whether the kernel runs one form of each step (<see cref="UseMinimalVariants"/>): fewer fully optimised methods
    /// to compile, each step a little slower. For a kernel that runs a few iterations only (a float32 variational fit's
    /// float64 finish), where the compilation of the faster forms costs more than they save.
    /// </summary>
    internal bool MinimalVariants { get; private set; }

    /// <summary>
    /// Has the kernel run one form of each step from now on (<see cref="MinimalVariants"/>). The results are bit for
    /// bit the same: a kernel's faster forms do each value's arithmetic in the same order (the kernels say where).
    /// </summary>
    internal virtual void UseMinimalVariants() => MinimalVariants = true;

    /// <summary>
    /// The fully optimised methods an iteration calls after the E-step's log-probabilities (responsibilities, the tile's
    /// statistics, the flush, the publication), in the reverse of the order of their first calls, for the kernel warm-up
    /// to compile on a second thread (<see cref="KernelPrecompilation"/>); empty for a kernel that names none.
    /// </summary>
    internal virtual IReadOnlyList<System.Reflection.MethodInfo> StatisticsMethods => [];
}
