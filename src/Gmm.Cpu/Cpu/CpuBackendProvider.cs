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
    private readonly Action<CpuKernelWarmUp.Shape>? _warmUp;

    /// <summary>Creates a provider.</summary>
    /// <param name="threads">Worker lanes per backend (≥ 0); 0 = one per core.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative thread count.</exception>
    public CpuBackendProvider(int threads = 0) : this(threads, null)
    {
    }

    /// <summary>A provider whose warm-ups run <paramref name="warmUp"/> instead of the kernel (tests: a warm-up that fails or records its shape).</summary>
    internal CpuBackendProvider(int threads, Action<CpuKernelWarmUp.Shape>? warmUp)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be ≥ 0 (0 = one per core).");
        _threads = threads;
        _warmUp = warmUp;
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

    /// <summary>
    /// Starts compiling, on a background thread, the CPU kernel that a fit of <paramref name="components"/> components
    /// of <paramref name="dimension"/> features will run, and the EM loop and maximum-likelihood M-step around it (one
    /// iteration of a few synthetic points), so that its first EM iteration does not wait for the JIT
    /// (about 0.1 s per kernel; the kernels are compiled fully optimised on first use, which ReadyToRun cannot do ahead
    /// of time). Call it as soon as the shape is known, before reading the data: the compilation then overlaps the
    /// reading. Optional: a fit starts the same warm-up itself when it begins, and a process warms each shape once.
    /// The fit's results are the same with or without it.
    /// </summary>
    /// <param name="covarianceType">The fit's covariance type.</param>
    /// <param name="components">k (≥ 1).</param>
    /// <param name="dimension">d, features per point (≥ 1).</param>
    /// <param name="precision">The fit's E-step precision (float32 or float64 kernels).</param>
    /// <returns>
    /// A task that completes when the warm-up is over: true when the kernel was compiled and ran, false when it failed
    /// (the fit then compiles the kernel itself) or when the model is too large for a warm-up to pay (covariance values
    /// × d above 2²⁴). It never faults.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined enum value, or <paramref name="components"/> or <paramref name="dimension"/> below 1.</exception>
    public Task<bool> WarmUp(CovarianceType covarianceType, int components, int dimension, ComputePrecision precision)
    {
        CheckShape(covarianceType, components, dimension, precision);
        return StartWarmUp(covarianceType, components, dimension, precision);
    }

    /// <summary>
    /// As <see cref="WarmUp"/>, for a variational fit (<see cref="BayesianGaussianMixture"/>): the synthetic iteration
    /// runs the variational M-step instead of the maximum-likelihood one, and the warm-up that the fit starts when it
    /// begins is this one (a process warms each shape once), so that a caller who knows the fit is variational starts
    /// one warm-up, not two.
    /// </summary>
    /// <param name="covarianceType">The fit's covariance type.</param>
    /// <param name="components">k (≥ 1).</param>
    /// <param name="dimension">d, features per point (≥ 1).</param>
    /// <param name="precision">The fit's E-step precision (float32 or float64 kernels).</param>
    /// <returns>As <see cref="WarmUp"/>'s.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined enum value, or <paramref name="components"/> or <paramref name="dimension"/> below 1.</exception>
    public Task<bool> WarmUpVariational(CovarianceType covarianceType, int components, int dimension, ComputePrecision precision)
    {
        CheckShape(covarianceType, components, dimension, precision);
        return StartWarmUp(covarianceType, components, dimension, precision, variational: true);
    }

    /// <summary>The argument checks of <see cref="WarmUp"/> and <see cref="WarmUpVariational"/>.</summary>
    private static void CheckShape(CovarianceType covarianceType, int components, int dimension, ComputePrecision precision)
    {
        if (!Enum.IsDefined(covarianceType)) throw new ArgumentOutOfRangeException(nameof(covarianceType), covarianceType, "Unknown covariance type.");
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
    }

    /// <summary>
    /// <see cref="WarmUp"/> without the argument checks (a fit's own request: a shape the fit will reject starts
    /// nothing); <paramref name="variational"/>: a variational fit's (its iteration runs the variational M-step);
    /// <paramref name="minimalVariants"/>: the kernel of <see cref="CreateMinimal{T}"/>'s backends.
    /// </summary>
    internal Task<bool> StartWarmUp(CovarianceType covarianceType, int components, int dimension, ComputePrecision precision, bool variational = false,
        bool minimalVariants = false)
    {
        var shape = new CpuKernelWarmUp.Shape(covarianceType, components, dimension, precision, RegisterBits, Threads);
        if (_warmUp is null) return CpuKernelWarmUp.Start(shape, variational, minimalVariants);
        return shape.IsWorthWarming ? CpuKernelWarmUp.Launch(shape, _warmUp) : Task.FromResult(false);
    }

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new CpuEmBackend<T>(_threads);

    /// <summary>
    /// A backend whose kernels run one form of each step (<see cref="CpuKernel{T}.UseMinimalVariants"/>): fewer methods
    /// to compile, each step slower, the same results as <see cref="Create{T}"/>'s; for a run of a few iterations (a
    /// float32 variational fit's float64 finish).
    /// </summary>
    internal IEmBackend<T> CreateMinimal<T>() where T : unmanaged, IFloatingPointIeee754<T> => new CpuEmBackend<T>(_threads, minimalVariants: true);
}
