using System.Numerics;
using Gmm.Cpu;

namespace Gmm.Tests.Support;

/// <summary>
/// Backends whose float32 log-likelihood is moved by a fixed pseudo-random amount of at most <paramref name="jitter"/>
/// nats per E-step: rounding noise of the float32 bound at a scale the test chooses, while the float64 backend is exact.
/// Without <paramref name="inner"/>, the float32 backend computes its statistics point by point in float64
/// (<see cref="ContractBackend{T}"/> on the float32 points, read exactly), so the noise is the jitter alone, the same on
/// every machine whatever its SIMD width, and the float64 backend is the CPU provider's; with <paramref name="inner"/>
/// (e.g. the GPU provider) both are that provider's, the jitter added to its float32 backend's. While
/// <see cref="Stalled"/> is set, the float32 backend computes every E-step under the model of the first E-step since it
/// was set, so the float32 iterations make no progress.
/// </summary>
/// <param name="jitter">The largest shift of the float32 log-likelihood (nats, ≥ 0).</param>
/// <param name="inner">The provider whose backends are jittered (null: the CPU, as above).</param>
internal sealed class JitteredBackendProvider(double jitter, IEmBackendProvider? inner = null) : IEmBackendProvider
{
    private int _calls;
    private GaussianMixtureModel? _stalledAt;

    /// <inheritdoc />
    public string Name => inner?.Name ?? "cpu";

    /// <summary>Whether the float32 E-steps stay under one model (see the class remarks).</summary>
    public bool Stalled { get; set; }

    /// <summary>The float32 E-steps run so far (by every float32 backend of this provider).</summary>
    public int Float32Steps => _calls;

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) return (inner ?? CpuBackendProvider.Default).Create<T>();
        return new Jittered<T>(this, inner is null ? new ContractBackend<T>() : inner.Create<T>());
    }

    private sealed class Jittered<T>(JitteredBackendProvider owner, IEmBackend<T> statistics) : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public string Description => statistics.Description;

        public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics sums)
        {
            if (!owner.Stalled) owner._stalledAt = null;
            else model = owner._stalledAt ??= model;
            statistics.Accumulate(model, data, sums);
            int call = owner._calls++;
            sums.LogLikelihood += owner.JitterOf(call);
        }

        public void Dispose() => statistics.Dispose();
    }

    /// <summary>The shift of the given E-step: one of 13 evenly spaced values in [−jitter, jitter], in a fixed order.</summary>
    private double JitterOf(int call) => jitter * ((call * 7919 % 13) - 6) / 6.0;
}
