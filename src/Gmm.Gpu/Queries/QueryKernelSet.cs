// The query kernels of one accelerator and compute type, compiled on first use and shared by every backend of the
// accelerator (cached beside it, so the provider's own kernel set stays as it is).
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Queries;

/// <summary>Launchers of <see cref="QueryKernels{T, TOps}"/> for compute type <typeparamref name="T"/>, each compiled when first used.</summary>
internal sealed class QueryKernelSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly ConditionalWeakTable<Accelerator, ConcurrentDictionary<Type, object>> Sets = new();

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>>> VarianceLogProbabilities { get; init; }

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>>> TriangularLogProbabilities { get; init; }

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<double>, ArrayView<int>>> LogSumExp { get; init; }

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<double>>> Posteriors { get; init; }

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<int>>> Select { get; init; }

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<int>, ArrayView<double>>> VarianceShortlisted { get; init; }

    public required LazyKernel<Action<AcceleratorStream, Index1D, QueryArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<int>, ArrayView<double>>> TriangularShortlisted { get; init; }

    /// <summary>The set of <paramref name="accelerator"/> for <typeparamref name="T"/> (created once, kernels compiled on first launch).</summary>
    public static QueryKernelSet<T> For(Accelerator accelerator) =>
        (QueryKernelSet<T>)Sets.GetOrCreateValue(accelerator).GetOrAdd(typeof(T), _ => Load(accelerator));

    private static QueryKernelSet<T> Load(Accelerator accelerator)
    {
        if (typeof(T) == typeof(float)) return (QueryKernelSet<T>)(object)Bind<float, SingleOps>(accelerator);
        if (typeof(T) == typeof(double)) return (QueryKernelSet<T>)(object)Bind<double, DoubleOps>(accelerator);
        throw new NotSupportedException($"The GPU backend computes in float or double, not {typeof(T).Name}.");
    }

    private static QueryKernelSet<TData> Bind<TData, TOps>(Accelerator accelerator)
        where TData : unmanaged, IFloatingPointIeee754<TData>
        where TOps : struct, IRealOps<TData> => new()
    {
        VarianceLogProbabilities = new(accelerator, "QueryVarianceLogProbabilities", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs,
            ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>>(
            QueryKernels<TData, TOps>.LogProbabilities<VarianceQueryFactors<TData>>)),
        TriangularLogProbabilities = new(accelerator, "QueryTriangularLogProbabilities", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs,
            ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>>(
            QueryKernels<TData, TOps>.LogProbabilities<TriangularQueryFactors<TData>>)),
        LogSumExp = new(accelerator, "QueryLogSumExp", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs, ArrayView<TData>,
            ArrayView<double>, ArrayView<int>>(QueryKernels<TData, TOps>.LogSumExp)),
        Posteriors = new(accelerator, "QueryPosteriors", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs, ArrayView<TData>,
            ArrayView<double>>(QueryKernels<TData, TOps>.Posteriors)),
        Select = new(accelerator, "QuerySelect", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs, ArrayView<TData>,
            ArrayView<int>>(QueryKernels<TData, TOps>.Select)),
        VarianceShortlisted = new(accelerator, "QueryVarianceShortlisted", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs,
            ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<int>, ArrayView<double>>(
            QueryKernels<TData, TOps>.Shortlisted<VarianceQueryFactors<TData>>)),
        TriangularShortlisted = new(accelerator, "QueryTriangularShortlisted", () => accelerator.LoadAutoGroupedKernel<Index1D, QueryArgs,
            ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<TData>, ArrayView<int>, ArrayView<double>>(
            QueryKernels<TData, TOps>.Shortlisted<TriangularQueryFactors<TData>>)),
    };
}
