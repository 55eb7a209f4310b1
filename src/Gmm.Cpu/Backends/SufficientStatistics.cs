using System.Numerics;

namespace Gmm;

/// <summary>
/// The sufficient statistics of one EM pass: everything the M-step needs, and they add.
/// All sums are weighted by sample weight w and responsibility r, accumulated in float64, and taken
/// relative to a per-component reference point so that data far from the origin loses no precision:
/// <list type="bullet">
/// <item>N (k): Σ w r.</item>
/// <item>F (k×d): Σ w r (x − ref_k).</item>
/// <item>S: full k×d×d Σ w r (x − ref_k)(x − ref_k)ᵀ; tied d×d Σ w (x − ref)(x − ref)ᵀ (one shared reference);
/// diag k×d Σ w r (x − ref_k)²; spherical k Σ w r ‖x − ref_k‖².</item>
/// <item>LogLikelihood: Σ w log p(x); WeightSum: Σ w; PointCount: number of points.</item>
/// </list>
/// The reference is a pure function of the model and the compute type (<see cref="For{T}"/>), so statistics that
/// different chunks, threads or devices computed under the same model add exactly.
/// <para>
/// For backends: <see cref="IEmBackend{T}.Accumulate"/> adds into <see cref="ZerothOrder"/>, <see cref="FirstOrder"/>,
/// <see cref="SecondOrder"/> and the three scalars of statistics it is given; it may compute in coordinates x − c
/// (<see cref="Center"/>) and must measure x − ref_k exactly as the reference defines it. A backend that kept sums about
/// a reference of its own (a device M-step's) hands them back through <see cref="Create"/>.
/// </para>
/// </summary>
public sealed class SufficientStatistics
{
    private SufficientStatistics(int componentCount, int dimension, CovarianceType covarianceType, double[] center, double[] reference)
    {
        ComponentCount = componentCount;
        Dimension = dimension;
        CovarianceType = covarianceType;
        CenterArray = center;
        ReferenceArray = reference;
        ZerothOrder = new double[componentCount];
        FirstOrder = new double[componentCount * dimension];
        SecondOrder = new double[SecondOrderLength(covarianceType, componentCount, dimension)];
    }

    /// <summary>Number of components k.</summary>
    public int ComponentCount { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Covariance type, which fixes the shape of <see cref="SecondOrder"/>.</summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>The global shift c (d): Σ π_k μ_k of the model, rounded to T. Backends may compute in coordinates x − c.</summary>
    public ReadOnlySpan<double> Center => CenterArray;

    /// <summary>Reference points (k×d, row-major): ref_k = c + (T)(μ_k − c) for full/diag/spherical, c for every row when tied.</summary>
    public ReadOnlySpan<double> Reference => ReferenceArray;

    internal double[] CenterArray { get; }
    internal double[] ReferenceArray { get; }

    /// <summary>N_k = Σ w r (k). Backends add into it.</summary>
    public double[] ZerothOrder { get; }

    /// <summary>F_k = Σ w r (x − ref_k) (k×d, row-major). Backends add into it.</summary>
    public double[] FirstOrder { get; }

    /// <summary>Second-order sums shaped by covariance type (full k×d×d, tied d×d, diag k×d, spherical k; see the class remarks). Backends add into it.</summary>
    public double[] SecondOrder { get; }

    /// <summary>Σ w log p(x), natural log.</summary>
    public double LogLikelihood { get; set; }

    /// <summary>Σ w over the points seen.</summary>
    public double WeightSum { get; set; }

    /// <summary>Number of points seen.</summary>
    public long PointCount { get; set; }

    /// <summary>Length of the second-order array for a covariance type.</summary>
    public static int SecondOrderLength(CovarianceType type, int k, int d) => CovarianceDefinition.For(type).CovarianceLength(k, d);

    /// <summary>
    /// Empty statistics for an EM pass under <paramref name="model"/> in compute type <typeparamref name="T"/>
    /// (float or double): the reference points are rounded through T so that a kernel subtracting (T)(μ_k − c)
    /// from (T)(x − c) measures exactly x − ref_k.
    /// </summary>
    public static SufficientStatistics For<T>(GaussianMixtureModel model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        int k = model.ComponentCount, d = model.Dimension;
        var center = new double[d];
        var reference = new double[k * d];
        FillReference<T>(model, center, reference);
        return new SufficientStatistics(k, d, model.CovarianceType, center, reference);
    }

    /// <summary>
    /// Makes these statistics what <see cref="For{T}"/>(<paramref name="model"/>) would create, in their own arrays: the
    /// center and reference points recomputed in place (to the bit), every sum zero. For a caller that owns them and
    /// runs pass after pass (an EM run's host M-step), so that no iteration allocates fresh memory for them.
    /// </summary>
    /// <returns>False, changing nothing, when the model's k, d or covariance type differ from these statistics'.</returns>
    internal bool TryResetFor<T>(GaussianMixtureModel model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.ComponentCount != ComponentCount || model.Dimension != Dimension || model.CovarianceType != CovarianceType) return false;
        FillReference<T>(model, CenterArray, ReferenceArray);
        Clear();
        return true;
    }

    /// <summary>The center c (d) and reference points (k×d) of <see cref="For{T}"/>, written over <paramref name="center"/> and <paramref name="reference"/>.</summary>
    private static void FillReference<T>(GaussianMixtureModel model, double[] center, double[] reference) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = model.ComponentCount, d = model.Dimension;
        var means = model.MeansArray;
        Array.Clear(center);
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                center[j] += model.WeightsArray[c] * means[c * d + j];
        for (int j = 0; j < d; j++) center[j] = double.CreateTruncating(T.CreateTruncating(center[j])); // exact in T
        bool shared = model.Definition.SharedSecondOrder;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                double shifted = shared ? 0 : means[c * d + j] - center[j];
                reference[c * d + j] = center[j] + double.CreateTruncating(T.CreateTruncating(shifted));
            }
    }

    /// <summary>Empty statistics whose center and every reference row are <paramref name="center"/> (used by initialisation).</summary>
    internal static SufficientStatistics AboutPoint(int k, CovarianceType type, double[] center)
    {
        int d = center.Length;
        var reference = new double[k * d];
        for (int c = 0; c < k; c++) center.CopyTo(reference, c * d);
        return new SufficientStatistics(k, d, type, (double[])center.Clone(), reference);
    }

    /// <summary>
    /// Empty statistics about a given center and reference points, for a backend that accumulated about a reference of
    /// its own (a device M-step's statistics brought back for the host M-step). The spans are copied.
    /// </summary>
    /// <param name="type">Covariance type: fixes the shape of <see cref="SecondOrder"/>.</param>
    /// <param name="center">The center c (d ≥ 1 values).</param>
    /// <param name="reference">The reference points (k×d, row-major; k ≥ 1).</param>
    /// <exception cref="ArgumentException">Empty spans, a reference that is not k×d, or non-finite values.</exception>
    public static SufficientStatistics Create(CovarianceType type, ReadOnlySpan<double> center, ReadOnlySpan<double> reference)
    {
        int d = center.Length;
        _ = CovarianceDefinition.For(type); // rejects an undefined type, naming it
        if (d == 0) throw new ArgumentException("center must hold d ≥ 1 values.", nameof(center));
        if (reference.IsEmpty || reference.Length % d != 0) throw new ArgumentException($"reference must hold k×d values (k ≥ 1, d = {d}); got {reference.Length}.", nameof(reference));
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(center)) throw new ArgumentException("center holds a non-finite value.", nameof(center));
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(reference)) throw new ArgumentException("reference holds a non-finite value.", nameof(reference));
        return new SufficientStatistics(reference.Length / d, d, type, center.ToArray(), reference.ToArray());
    }

    /// <summary>An empty copy with the same reference, for per-thread or per-device partial sums.</summary>
    public SufficientStatistics CreateEmptyLike() =>
        new(ComponentCount, Dimension, CovarianceType, CenterArray, ReferenceArray);

    /// <summary>Sets every sum to zero, keeping the reference.</summary>
    public void Clear()
    {
        Array.Clear(ZerothOrder);
        Array.Clear(FirstOrder);
        Array.Clear(SecondOrder);
        LogLikelihood = 0;
        WeightSum = 0;
        PointCount = 0;
    }

    /// <summary>Adds <paramref name="other"/> into this; both must come from the same model (same reference).</summary>
    public void Add(SufficientStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ComponentCount != ComponentCount || other.Dimension != Dimension || other.CovarianceType != CovarianceType)
            throw new ArgumentException("Statistics of a different shape cannot be added.", nameof(other));
        if (!ReferenceEquals(other.ReferenceArray, ReferenceArray) && !other.Reference.SequenceEqual(Reference))
            throw new ArgumentException("Statistics taken under different models (reference points differ) cannot be added.", nameof(other));
        AddInto(ZerothOrder, other.ZerothOrder);
        AddInto(FirstOrder, other.FirstOrder);
        AddInto(SecondOrder, other.SecondOrder);
        LogLikelihood += other.LogLikelihood;
        WeightSum += other.WeightSum;
        PointCount += other.PointCount;
    }

    private static void AddInto(double[] target, double[] source) =>
        System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
}
