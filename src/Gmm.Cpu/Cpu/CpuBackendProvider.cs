using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// The multi-threaded SIMD CPU backend, the default of every estimator: each chunk of points is split into one range
/// per worker lane, and a lane's tiles are vectorised (float32 or float64 log-densities, float64 statistics). The same
/// data, model and lane count give bit-identical statistics run to run.
/// </summary>
public sealed class CpuBackendProvider : IEmBackendProvider
{
    private readonly int _threads;

    /// <summary>Creates a provider.</summary>
    /// <param name="threads">Worker lanes per backend (≥ 0); 0 = one per core.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative thread count.</exception>
    public CpuBackendProvider(int threads = 0)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 0 (0 = one per core).");
        _threads = threads;
    }

    /// <summary>A provider with one lane per core.</summary>
    public static CpuBackendProvider Default { get; } = new();

    /// <summary>Worker lanes per backend (one per core when created with 0).</summary>
    public int Threads => _threads == 0 ? Environment.ProcessorCount : _threads;

    /// <summary>
    /// Bits per SIMD register of the kernels: 512 where the runtime accelerates AVX-512, else 256 (AVX2), else 128
    /// (SSE, Arm64 AdvSIMD). Chosen by the library; no environment variable is needed.
    /// </summary>
    public static int RegisterBits => SimdWidth.Preferred;

    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new CpuEmBackend<T>(_threads);
}
