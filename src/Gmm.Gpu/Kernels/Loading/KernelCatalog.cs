// Every device kernel of one compute type, with its mode variants: the one list the backend loads from and tools inspect.
using System.Reflection;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// The kernel families of one compute type (T with its operations TOps). <see cref="KernelSet{T}"/> loads from these
/// definitions, and <see cref="GpuKernel.All"/> lists them, so the backend and the tools see the same kernels.
/// </summary>
internal sealed class KernelCatalog
{
    private static readonly Type[] Weights = [typeof(Unweighted), typeof(Weighted)];
    private static readonly Type[] LseModes = [typeof(SeparateLse), typeof(FusedLse)];
    private static readonly Type[] AllKinds = [typeof(FullKind), typeof(TiedKind), typeof(DiagonalKind), typeof(SphericalKind)];
    private static readonly Type[] FactoredKinds = [typeof(FullKind), typeof(TiedKind)];
    private static readonly Type[] QueryFactors = [typeof(VarianceFactors), typeof(TriangularFactors)];

    /// <summary>The float32 kernels (<see cref="SingleOps"/>).</summary>
    public static KernelCatalog Single { get; } = Create<float, SingleOps>();

    /// <summary>The float64 kernels (<see cref="DoubleOps"/>).</summary>
    public static KernelCatalog Double { get; } = Create<double, DoubleOps>();

    /// <summary>The catalog of compute type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static KernelCatalog For<T>() =>
        typeof(T) == typeof(float) ? Single
        : typeof(T) == typeof(double) ? Double
        : throw new NotSupportedException($"The GPU backend computes in float or double, not {typeof(T).Name}.");

    // Diagonal family (DiagonalKernels): diag and spherical, and tied's component pass on projected points.
    public required KernelFamily DiagonalLogSumExp { get; init; }
    public required KernelFamily DiagonalStatistics { get; init; }
    public required KernelFamily TiedLogSumExp { get; init; }
    public required KernelFamily TiedStatistics { get; init; }

    // Diag and spherical on points with missing entries (MaskedDiagonalKernels).
    public required KernelFamily MaskedDiagonalStatistics { get; init; }

    // Full family, d ≤ 64 (FullKernels): full, tied's projection and scatter.
    public required KernelFamily FullLogSumExp { get; init; }
    public required KernelFamily FullStatistics { get; init; }
    public required KernelFamily TiedProjection { get; init; }
    public required KernelFamily TiedScatter { get; init; }

    // Full family, any d in 64-feature blocks (BlockedFullKernels; used for d > 64).
    public required KernelFamily BlockedLogSumExp { get; init; }
    public required KernelFamily BlockedStatistics { get; init; }
    public required KernelFamily BlockedProjection { get; init; }
    public required KernelFamily BlockedTiedScatter { get; init; }

    // M-step (MStepKernels).
    public required KernelFamily MStepMoments { get; init; }
    public required KernelFamily MStepTiedCovariance { get; init; }
    public required KernelFamily MStepFactor { get; init; }
    public required KernelFamily MStepCenter { get; init; }
    public required KernelFamily MStepLayout { get; init; }

    // k-means initialisation (NearestCenterKernels).
    public required KernelFamily NearestCenterLabels { get; init; }

    // Queries (QueryKernels): log-densities, labels, posteriors and top-C scoring (IPointEvaluator).
    public required KernelFamily QueryLogProbabilities { get; init; }
    public required KernelFamily QueryLogSumExp { get; init; }
    public required KernelFamily QueryPosteriors { get; init; }
    public required KernelFamily QuerySelect { get; init; }
    public required KernelFamily QueryShortlisted { get; init; }

    /// <summary>Every family, in declaration order.</summary>
    public IReadOnlyList<KernelFamily> Families => [.. typeof(KernelCatalog).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(KernelFamily)).OrderBy(p => p.MetadataToken).Select(p => (KernelFamily)p.GetValue(this)!)];

    /// <summary>Every variant of every family.</summary>
    public IEnumerable<GpuKernel> Kernels => Families.SelectMany(f => f.Variants);

    private static KernelCatalog Create<T, TOps>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TOps : struct, IRealOps<T>
    {
        var diagonal = typeof(DiagonalKernels<T, TOps>);
        var full = typeof(FullKernels<T, TOps>);
        var blocked = typeof(BlockedFullKernels<T, TOps>);
        var mstep = typeof(MStepKernels<T, TOps>);
        var query = typeof(QueryKernels<T, TOps>);
        return new KernelCatalog
        {
            DiagonalLogSumExp = KernelFamily.Of(nameof(DiagonalLogSumExp), diagonal, nameof(DiagonalKernels<T, TOps>.LogSumExp), Weights),
            DiagonalStatistics = KernelFamily.Of(nameof(DiagonalStatistics), diagonal, nameof(DiagonalKernels<T, TOps>.Statistics), Weights, LseModes),
            TiedLogSumExp = KernelFamily.Of(nameof(TiedLogSumExp), diagonal, nameof(DiagonalKernels<T, TOps>.TiedLogSumExp), Weights),
            TiedStatistics = KernelFamily.Of(nameof(TiedStatistics), diagonal, nameof(DiagonalKernels<T, TOps>.TiedStatistics), Weights, LseModes),
            MaskedDiagonalStatistics = KernelFamily.Of(nameof(MaskedDiagonalStatistics), typeof(MaskedDiagonalKernels<T, TOps>), nameof(MaskedDiagonalKernels<T, TOps>.Statistics), Weights),
            FullLogSumExp = KernelFamily.Of(nameof(FullLogSumExp), full, nameof(FullKernels<T, TOps>.LogSumExp), Weights),
            FullStatistics = KernelFamily.Of(nameof(FullStatistics), full, nameof(FullKernels<T, TOps>.Statistics), Weights),
            TiedProjection = KernelFamily.Of(nameof(TiedProjection), full, nameof(FullKernels<T, TOps>.Projection)),
            TiedScatter = KernelFamily.Of(nameof(TiedScatter), full, nameof(FullKernels<T, TOps>.TiedScatter), Weights),
            BlockedLogSumExp = KernelFamily.Of(nameof(BlockedLogSumExp), blocked, nameof(BlockedFullKernels<T, TOps>.LogSumExp), Weights),
            BlockedStatistics = KernelFamily.Of(nameof(BlockedStatistics), blocked, nameof(BlockedFullKernels<T, TOps>.Statistics), Weights),
            BlockedProjection = KernelFamily.Of(nameof(BlockedProjection), blocked, nameof(BlockedFullKernels<T, TOps>.Projection)),
            BlockedTiedScatter = KernelFamily.Of(nameof(BlockedTiedScatter), blocked, nameof(BlockedFullKernels<T, TOps>.TiedScatter), Weights),
            MStepMoments = KernelFamily.Of(nameof(MStepMoments), mstep, nameof(MStepKernels<T, TOps>.Moments), AllKinds),
            MStepTiedCovariance = KernelFamily.Of(nameof(MStepTiedCovariance), mstep, nameof(MStepKernels<T, TOps>.TiedCovariance)),
            MStepFactor = KernelFamily.Of(nameof(MStepFactor), mstep, nameof(MStepKernels<T, TOps>.Factor), FactoredKinds),
            MStepCenter = KernelFamily.Of(nameof(MStepCenter), mstep, nameof(MStepKernels<T, TOps>.Center)),
            MStepLayout = KernelFamily.Of(nameof(MStepLayout), mstep, nameof(MStepKernels<T, TOps>.Layout), AllKinds),
            NearestCenterLabels = KernelFamily.Of(nameof(NearestCenterLabels), typeof(NearestCenterKernels<T, TOps>), nameof(NearestCenterKernels<T, TOps>.Labels)),
            QueryLogProbabilities = KernelFamily.Of(nameof(QueryLogProbabilities), query, nameof(QueryKernels<T, TOps>.LogProbabilities), QueryFactors),
            QueryLogSumExp = KernelFamily.Of(nameof(QueryLogSumExp), query, nameof(QueryKernels<T, TOps>.LogSumExp)),
            QueryPosteriors = KernelFamily.Of(nameof(QueryPosteriors), query, nameof(QueryKernels<T, TOps>.Posteriors)),
            QuerySelect = KernelFamily.Of(nameof(QuerySelect), query, nameof(QueryKernels<T, TOps>.Select)),
            QueryShortlisted = KernelFamily.Of(nameof(QueryShortlisted), query, nameof(QueryKernels<T, TOps>.Shortlisted), QueryFactors),
        };
    }
}
