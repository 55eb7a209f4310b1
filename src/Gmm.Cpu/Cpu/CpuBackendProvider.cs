using System.Numerics;

namespace Gmm.Cpu;

/// <summary>Provides <see cref="CpuEmBackend{T}"/> instances.</summary>
/// <param name="threads">Worker lanes per backend; 0 = one per core.</param>
public sealed class CpuBackendProvider(int threads = 0) : IEmBackendProvider
{
    /// <summary>A provider with one lane per core.</summary>
    public static CpuBackendProvider Default { get; } = new();

    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new CpuEmBackend<T>(threads);
}
