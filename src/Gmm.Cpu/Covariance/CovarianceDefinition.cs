using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// Everything that differs between the covariance types, in one place per type (scikit-learn's table of
/// per-type functions): the shapes, the maximum-likelihood covariance estimate from the statistics, the precision
/// Cholesky factor and its log-determinant, conversions, sampling, the host's statistics of given responsibilities
/// and the CPU backend's kernel. <see cref="For"/> is the one place a <see cref="CovarianceType"/> is mapped to its
/// definition; nothing else in the core switches on the enum.
/// <para>
/// Layouts (all row-major, float64): covariances and precision Cholesky factors are full k×d×d, tied d×d, diag k×d,
/// spherical k; the second-order statistics S have the covariances' shape (see <see cref="SufficientStatistics"/>).
/// </para>
/// </summary>
internal abstract class CovarianceDefinition
{
    /// <summary>The definition of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An undefined enum value.</exception>
    public static CovarianceDefinition For(CovarianceType type) => type switch
    {
        CovarianceType.Full => FullCovariance.Instance,
        CovarianceType.Tied => TiedCovariance.Instance,
        CovarianceType.Diagonal => DiagonalCovariance.Instance,
        CovarianceType.Spherical => SphericalCovariance.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown covariance type."),
    };

    /// <summary>The enum value this definition belongs to.</summary>
    public abstract CovarianceType Type { get; }

    // ---- Shapes ----

    /// <summary>Values of the covariances (and of the second-order statistics, which share their shape) for k components of d features.</summary>
    public abstract int CovarianceLength(int k, int d);

    /// <summary>Free parameters of the covariances alone (scikit-learn's _n_parameters, covariance part).</summary>
    public abstract int CovarianceParameterCount(int k, int d);

    /// <summary>Free parameters of a mixture: covariances, k·d means and k − 1 weights.</summary>
    public int ParameterCount(int k, int d) => CovarianceParameterCount(k, d) + k * d + k - 1;

    /// <summary>
    /// True when the second-order statistics are one matrix summed about one shared point, the same reference for
    /// every component (tied); false when each component's are about its own reference point.
    /// </summary>
    public virtual bool SharedSecondOrder => false;

    /// <summary>Second-order values one component adds into its own slot: d² (full), d (diag), 1 (spherical), 0 (tied: shared).</summary>
    public abstract int ComponentSecondOrderLength(int d);

    // ---- The maximum-likelihood M-step ----

    /// <summary>
    /// The covariances of the components kept by the M-step from their statistics, plus <paramref name="regularization"/>
    /// on the diagonal; a collapse to the floor or a matrix that needs extra regularisation is reported through
    /// <paramref name="context"/> (once per component and initialisation).
    /// </summary>
    /// <param name="statistics">The E-step's statistics (all k components).</param>
    /// <param name="keep">Indices of the kept components (kk), increasing.</param>
    /// <param name="counts">N_k + 10·ε of the kept components (kk).</param>
    /// <param name="countSum">Σ of <paramref name="counts"/>.</param>
    /// <param name="deltas">Mean − reference of the kept components (kk×d).</param>
    /// <param name="regularization">reg_covar (≥ 0).</param>
    /// <param name="covariances">Destination, shaped for kk components.</param>
    /// <param name="context">Where warnings go.</param>
    public abstract void Estimate(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, MaximizationContext context);

    /// <summary>
    /// <see cref="Estimate"/>, and where the type can derive them on the way, the estimated covariances' precision
    /// Cholesky factors and log-determinants exactly as <see cref="DerivePrecisionCholesky"/> (for <c>keep.Length</c>
    /// components) gives them, for the maximum-likelihood M-step to hand to the next model: full and tied reuse the
    /// factor of their positive-definiteness check instead of factoring every matrix a second time. Diag and spherical
    /// (nothing to gain) only estimate.
    /// </summary>
    /// <param name="statistics">The E-step's statistics (all k components).</param>
    /// <param name="keep">Indices of the kept components (kk), increasing.</param>
    /// <param name="counts">N_k + 10·ε of the kept components (kk).</param>
    /// <param name="countSum">Σ of <paramref name="counts"/>.</param>
    /// <param name="deltas">Mean − reference of the kept components (kk×d).</param>
    /// <param name="regularization">reg_covar (≥ 0).</param>
    /// <param name="covariances">Destination, shaped for kk components.</param>
    /// <param name="precisionsCholesky">Destination of the factors, shaped like <paramref name="covariances"/>.</param>
    /// <param name="logDeterminants">Destination of Σ log diag(U) per kept component (kk).</param>
    /// <param name="context">Where warnings go.</param>
    /// <returns>Whether the factors and log-determinants were written (false: only the covariances).</returns>
    public virtual bool EstimateAndFactor(SufficientStatistics statistics, ReadOnlySpan<int> keep, ReadOnlySpan<double> counts, double countSum,
        ReadOnlySpan<double> deltas, double regularization, Span<double> covariances, Span<double> precisionsCholesky,
        Span<double> logDeterminants, MaximizationContext context)
    {
        Estimate(statistics, keep, counts, countSum, deltas, regularization, covariances, context);
        return false;
    }

    // ---- One covariance as a matrix (variational Bayes: the Wishart scale and its prior) ----

    /// <summary>
    /// The covariances (shaped for k components) of <paramref name="component"/>: its own slot, or for tied the one
    /// shared matrix. One slot has <c>CovarianceLength(1, d)</c> values, the shape of a covariance prior.
    /// </summary>
    public Span<double> ComponentCovariance(Span<double> covariances, int component, int d)
    {
        int length = CovarianceLength(1, d);
        return covariances.Slice((SharedSecondOrder ? 0 : component) * length, length);
    }

    /// <summary>
    /// covariance += <paramref name="scale"/>·v vᵀ for one covariance in the type's layout: the matrix (full, tied), its
    /// diagonal (diag), or its mean diagonal entry ‖v‖²/d (spherical).
    /// </summary>
    public abstract void AddOuterProduct(Span<double> covariance, ReadOnlySpan<double> v, double scale);

    /// <summary>covariance += <paramref name="value"/>·I (d×d) for one covariance in the type's layout.</summary>
    public abstract void AddIdentity(Span<double> covariance, int d, double value);

    /// <summary>
    /// tr(P C) for one precision P (Σ⁻¹) and one symmetric matrix C in the type's layout (d×d, d, or 1 value standing for
    /// d equal diagonal entries).
    /// </summary>
    public abstract double TraceOfProduct(ReadOnlySpan<double> precision, ReadOnlySpan<double> matrix, int d);

    // ---- The model's derived parameters ----

    /// <summary>
    /// The precision Cholesky factors (scikit-learn's precisions_cholesky_: upper U with U Uᵀ = Σ⁻¹ for full and tied,
    /// 1/σ for diag and spherical), shaped like the covariances, and per component Σ log diag(U) = −½ log det Σ_k (k).
    /// </summary>
    /// <exception cref="ArgumentException">A covariance that is not finite, symmetric and positive definite (parameter "covariances").</exception>
    public abstract void DerivePrecisionCholesky(ReadOnlySpan<double> covariances, int k, int d, Span<double> precisionsCholesky, Span<double> logDeterminants);

    /// <summary>The precisions Σ⁻¹ from their Cholesky factors, shaped like the covariances.</summary>
    public abstract void PrecisionsFromCholesky(ReadOnlySpan<double> precisionsCholesky, int d, Span<double> precisions);

    /// <summary>Covariances from precisions (scikit-learn's precisions_init), checked.</summary>
    /// <exception cref="ArgumentException">Wrong length, or a precision that is not positive definite (named <paramref name="parameterName"/>).</exception>
    public double[] CovariancesFromPrecisions(ReadOnlySpan<double> precisions, int k, int d, string parameterName)
    {
        int expected = CovarianceLength(k, d);
        if (precisions.Length != expected)
            throw new ArgumentException($"{Type} precisions for k = {k}, d = {d} must hold {expected} values; got {precisions.Length}.", parameterName);
        var result = new double[expected];
        InvertPrecisions(precisions, d, result, parameterName);
        return result;
    }

    /// <summary>Inverts checked precisions of the right length into <paramref name="covariances"/>.</summary>
    protected abstract void InvertPrecisions(ReadOnlySpan<double> precisions, int d, Span<double> covariances, string parameterName);

    /// <summary>
    /// The means whitened by the precision factors about a point c: row k of <paramref name="destination"/> (k×d) is
    /// (μ_k − c)ᵀ U_k, entry i = Σ_{j ≤ i} (μ_kj − c_j) U_k,ji (for diag and spherical (μ_kj − c_j) / σ_kj). The E-step's
    /// Mahalanobis term is then ‖x̃ U_k − this row‖² with x̃ = x − c (the tied kernels' projection).
    /// </summary>
    public abstract void ProjectMeans(ReadOnlySpan<double> means, ReadOnlySpan<double> precisionsCholesky, int k, int d,
        ReadOnlySpan<double> center, Span<double> destination);

    /// <summary>
    /// The squared Mahalanobis distance ‖(x − μ_c)ᵀ U_c‖² of one point from component <paramref name="component"/>, given
    /// <paramref name="difference"/> = x − μ_c (d values) and the model's precision Cholesky factors (shaped like the
    /// covariances). With the model's log-density constants: log π_c N(x | c) = constant_c − ½·this. Used where a few
    /// components per point are evaluated (top-C scoring) instead of all k.
    /// </summary>
    public abstract double SquaredMahalanobis(ReadOnlySpan<double> precisionsCholesky, int component, ReadOnlySpan<double> difference);

    // ---- Sampling ----

    /// <summary>Per-component factors A_k with A_k A_kᵀ = Σ_k for drawing points (lower Cholesky of Σ, or σ).</summary>
    public abstract double[] SamplingFactors(ReadOnlySpan<double> covariances, int d);

    /// <summary>point += A_c z for a standard normal draw z (d): <paramref name="point"/> holds μ_c on entry.</summary>
    public abstract void AddScaledNoise(ReadOnlySpan<double> factors, int component, int d, ReadOnlySpan<double> z, Span<double> point);

    // ---- Statistics on the host (initialisation) ----

    /// <summary>
    /// Adds one point's second-order terms for component <paramref name="component"/> with weight·responsibility
    /// <paramref name="weight"/>: S_c += weight·diff diffᵀ in the type's shape (nothing for tied: its shared S is
    /// summed by the caller, see <see cref="SharedSecondOrder"/>).
    /// </summary>
    public abstract void AddComponentSecondOrder(SufficientStatistics statistics, int component, double weight, ReadOnlySpan<double> diff);

    /// <summary>
    /// A hard-assigned point's sums in one component's slots: first += w·diff and second (<see cref="ComponentSecondOrderLength"/>
    /// values) += its second-order terms, matrices on and above the diagonal only (<see cref="MirrorUpper"/> completes them).
    /// </summary>
    public abstract void AddAssignedPoint(Span<double> first, Span<double> second, ReadOnlySpan<double> diff, double weight);

    /// <summary>Copies the upper triangle of every second-order matrix onto its lower triangle (full and tied; nothing otherwise).</summary>
    public virtual void MirrorUpper(SufficientStatistics statistics)
    {
    }

    // ---- The CPU backend ----

    /// <summary>
    /// The CPU backend's kernel for k components of d features in compute type <typeparamref name="T"/>, in registers of
    /// type <typeparamref name="TV"/> (<see cref="CpuKernelFactory"/> picks the width).
    /// </summary>
    public abstract CpuKernel<T> CreateCpuKernel<T, TV>(int k, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct, ISimd<TV, T>;
}
