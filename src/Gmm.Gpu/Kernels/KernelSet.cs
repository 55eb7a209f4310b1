// The kernels of one accelerator and compute type, shared by every backend of a provider; each compiles on first use.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// Launchers of the E-step/statistics and M-step kernels for compute type <typeparamref name="T"/>, each compiled the
/// first time a backend launches it (a diagonal fit never compiles the full kernels, nor the log-sum-exp pass when
/// k ≤ 64), then reused by every backend of the provider.
/// </summary>
internal sealed class KernelSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public required LazyKernel<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>> DiagonalLogSumExp { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<double>, ArrayView<double>, ArrayView<double>>> DiagonalStatistics { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>>> FullLogSumExp { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>>> FullStatistics { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>>> TiedProjection { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>>> MStepMoments { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>>> MStepTiedCovariance { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<T>, ArrayView<double>, ArrayView<double>>> MStepFactor { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<T>>> MStepCenter { get; init; }

    public required LazyKernel<Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>>> MStepLayout { get; init; }

    /// <summary>The kernels of <typeparamref name="T"/> on <paramref name="accelerator"/>, none compiled yet.</summary>
    public static KernelSet<T> Load(Accelerator accelerator)
    {
        if (typeof(T) == typeof(float)) return (KernelSet<T>)(object)KernelLoader<float, SingleOps>.Load(accelerator);
        if (typeof(T) == typeof(double)) return (KernelSet<T>)(object)KernelLoader<double, DoubleOps>.Load(accelerator);
        throw new NotSupportedException($"The GPU backend computes in float or double, not {typeof(T).Name}.");
    }

    /// <summary>How many of the kernels have been compiled (tests).</summary>
    internal int CompiledCount => new[]
    {
        DiagonalLogSumExp.IsCompiled, DiagonalStatistics.IsCompiled, FullLogSumExp.IsCompiled, FullStatistics.IsCompiled,
        TiedProjection.IsCompiled, MStepMoments.IsCompiled, MStepTiedCovariance.IsCompiled, MStepFactor.IsCompiled,
        MStepCenter.IsCompiled, MStepLayout.IsCompiled,
    }.Count(c => c);
}
