// The compiled kernels of one accelerator and compute type, loaded once per provider and reused by every backend.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Launchers of the E-step/statistics kernels for compute type <typeparamref name="T"/>.</summary>
internal sealed class KernelSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public required Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> DiagonalLogSumExp { get; init; }

    public required Action<AcceleratorStream, KernelConfig, DiagonalArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<double>, ArrayView<double>, ArrayView<double>> DiagonalStatistics { get; init; }

    public required Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>> FullLogSumExp { get; init; }

    public required Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>> FullStatistics { get; init; }

    public required Action<AcceleratorStream, KernelConfig, FullArgs, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>> TiedProjection { get; init; }

    public required Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>> MStepMoments { get; init; }

    public required Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>> MStepTiedCovariance { get; init; }

    public required Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<T>, ArrayView<double>, ArrayView<double>> MStepFactor { get; init; }

    public required Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<T>> MStepCenter { get; init; }

    public required Action<AcceleratorStream, KernelConfig, MStepArgs, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, ArrayView<T>,
        ArrayView<T>> MStepLayout { get; init; }

    /// <summary>Groups of 256 threads of each kernel that fit on one multiprocessor at once (registers, shared memory).</summary>
    public required Occupancy GroupsPerMultiprocessor { get; init; }

    /// <summary>Compiles (or fetches from ILGPU's cache) every kernel for <typeparamref name="T"/> on <paramref name="accelerator"/>.</summary>
    public static KernelSet<T> Load(Accelerator accelerator)
    {
        if (typeof(T) == typeof(float)) return (KernelSet<T>)(object)KernelLoader<float, SingleOps>.Load(accelerator);
        if (typeof(T) == typeof(double)) return (KernelSet<T>)(object)KernelLoader<double, DoubleOps>.Load(accelerator);
        throw new NotSupportedException($"The GPU backend computes in float or double, not {typeof(T).Name}.");
    }
}
