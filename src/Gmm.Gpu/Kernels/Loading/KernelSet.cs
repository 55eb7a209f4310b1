// The kernels of one accelerator and compute type, shared by every backend of a provider; each variant compiles on first use.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// The E-step/statistics, M-step, nearest-centre and query kernels of <see cref="KernelCatalog"/> for compute type
/// <typeparamref name="T"/> on one accelerator, each variant compiled the first time it is launched (a diagonal fit never
/// compiles the full kernels, nor the log-sum-exp pass when k ≤ 64), then reused by every backend of the provider.
/// Launches go through <see cref="Chunks"/> and <see cref="MStep"/>.
/// </summary>
internal sealed class KernelSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private KernelSet(Accelerator accelerator, KernelCatalog catalog)
    {
        DiagonalLogSumExp = new(accelerator, catalog.DiagonalLogSumExp);
        DiagonalStatistics = new(accelerator, catalog.DiagonalStatistics);
        TiedLogSumExp = new(accelerator, catalog.TiedLogSumExp);
        TiedStatistics = new(accelerator, catalog.TiedStatistics);
        MaskedDiagonalStatistics = new(accelerator, catalog.MaskedDiagonalStatistics);
        FullLogSumExp = new(accelerator, catalog.FullLogSumExp);
        FullStatistics = new(accelerator, catalog.FullStatistics);
        TiedProjection = new(accelerator, catalog.TiedProjection);
        TiedScatter = new(accelerator, catalog.TiedScatter);
        BlockedLogSumExp = new(accelerator, catalog.BlockedLogSumExp);
        BlockedStatistics = new(accelerator, catalog.BlockedStatistics);
        BlockedProjection = new(accelerator, catalog.BlockedProjection);
        BlockedTiedScatter = new(accelerator, catalog.BlockedTiedScatter);
        MStepMoments = new(accelerator, catalog.MStepMoments);
        MStepTiedCovariance = new(accelerator, catalog.MStepTiedCovariance);
        MStepFactor = new(accelerator, catalog.MStepFactor);
        MStepCenter = new(accelerator, catalog.MStepCenter);
        MStepLayout = new(accelerator, catalog.MStepLayout);
        NearestCenterLabels = new(accelerator, catalog.NearestCenterLabels);
        QueryLogProbabilities = new(accelerator, catalog.QueryLogProbabilities);
        QueryLogSumExp = new(accelerator, catalog.QueryLogSumExp);
        QueryPosteriors = new(accelerator, catalog.QueryPosteriors);
        QuerySelect = new(accelerator, catalog.QuerySelect);
        QueryShortlisted = new(accelerator, catalog.QueryShortlisted);
        Chunks = new ChunkLaunchers<T>(this);
        MStep = new MStepLaunchers<T>(this);
    }

    /// <summary>The kernels of <typeparamref name="T"/> on <paramref name="accelerator"/>, none compiled yet.</summary>
    public static KernelSet<T> Load(Accelerator accelerator) => new(accelerator, KernelCatalog.For<T>());

    /// <summary>The named launchers of the per-chunk passes.</summary>
    public ChunkLaunchers<T> Chunks { get; }

    /// <summary>The named launchers of the device M-step.</summary>
    public MStepLaunchers<T> MStep { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>> DiagonalLogSumExp { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>>> DiagonalStatistics { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>> TiedLogSumExp { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>>> TiedStatistics { get; }

    /// <summary>Diag, spherical on points with missing entries: marginal E-step, N, F, S over observed features and the missing mass M.</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>>> MaskedDiagonalStatistics { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>> FullLogSumExp { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>>> FullStatistics { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>>> TiedProjection { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<double>>> TiedScatter { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>> BlockedLogSumExp { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>>> BlockedStatistics { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>>> BlockedProjection { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<double>>> BlockedTiedScatter { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>>> MStepMoments { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>>> MStepTiedCovariance { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<T>, ArrayView<double>, ArrayView<double>>> MStepFactor { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<T>>> MStepCenter { get; }

    public KernelVariants<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>>> MStepLayout { get; }

    /// <summary>The nearest-centre search of k-means initialisation: x in T, centres and norms in float32.</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, NearestCenterArgs, ArrayView<T>, ArrayView<double>,
        ArrayView<float>, ArrayView<float>, ArrayView<int>>> NearestCenterLabels { get; }

    /// <summary>Log-probabilities of every (point, component) pair of a query block, by covariance family (<see cref="VarianceFactors"/>, <see cref="TriangularFactors"/>).</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, QueryArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>>> QueryLogProbabilities { get; }

    /// <summary>Per point of a query block: log-sum-exp and the most probable component.</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, QueryArgs, ArrayView<T>, ArrayView<double>, ArrayView<int>>> QueryLogSumExp { get; }

    /// <summary>Posteriors in place of the log-probabilities.</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, QueryArgs, ArrayView<T>, ArrayView<double>>> QueryPosteriors { get; }

    /// <summary>Per point: the C best components (top-C shortlist).</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, QueryArgs, ArrayView<T>, ArrayView<int>>> QuerySelect { get; }

    /// <summary>Per point: a model's log-density over the shortlisted components, by covariance family.</summary>
    public KernelVariants<Action<AcceleratorStream, KernelConfig, QueryArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<int>, ArrayView<double>>> QueryShortlisted { get; }

    /// <summary>How many E-step, statistics and M-step kernel variants have been compiled (tests); the nearest-centre search and the queries are not counted.</summary>
    internal int CompiledCount =>
        DiagonalLogSumExp.CompiledCount + DiagonalStatistics.CompiledCount + TiedLogSumExp.CompiledCount + TiedStatistics.CompiledCount
        + FullLogSumExp.CompiledCount + FullStatistics.CompiledCount + TiedProjection.CompiledCount + TiedScatter.CompiledCount
        + BlockedLogSumExp.CompiledCount + BlockedStatistics.CompiledCount + BlockedProjection.CompiledCount + BlockedTiedScatter.CompiledCount
        + MStepMoments.CompiledCount + MStepTiedCovariance.CompiledCount + MStepFactor.CompiledCount + MStepCenter.CompiledCount
        + MStepLayout.CompiledCount;
}
