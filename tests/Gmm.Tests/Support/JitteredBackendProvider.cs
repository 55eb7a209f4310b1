using System.Numerics;
using Gmm.Cpu;

namespace Gmm.Tests.Support;

/// <summary>
/// The CPU backends, with the float32 one's log-likelihood moved by a fixed pseudo-random amount of at most
/// <paramref name="jitter"/> nats per E-step: rounding noise of the float32 bound at a scale the test chooses, while the
/// float64 backend is exact. While <see cref="Stalled"/> is set, the float32 backend computes every E-step under the
/// model of the first E-step since it was set, so the float32 iterations make no progress.
/// </summary>
/// <param name="jitter">The largest shift of the float32 log-likelihood (nats, ≥ 0).</param>
internal sealed class JitteredBackendProvider(double jitter) : IEmBackendProvider
{
    private int _calls;
    private GaussianMixtureModel? _stalledAt;

    /// <inheritdoc />
    public string Name => "cpu";

    /// <summary>Whether the float32 E-steps stay under one model (see the class remarks).</summary>
    public bool Stalled { get; set; }

    /// <inheritdoc />
    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? new Jittered<T>(this, CpuBackendProvider.Default.Create<T>()) : CpuBackendProvider.Default.Create<T>();

    private sealed class Jittered<T>(JitteredBackendProvider owner, IEmBackend<T> inner) : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public string Description => inner.Description;

        public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
        {
            if (!owner.Stalled) owner._stalledAt = null;
            else model = owner._stalledAt ??= model;
            inner.Accumulate(model, data, statistics);
            int call = owner._calls++;
            statistics.LogLikelihood += owner.JitterOf(call);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>The shift of the given E-step: one of 13 evenly spaced values in [−jitter, jitter], in a fixed order.</summary>
    private double JitterOf(int call) => jitter * ((call * 7919 % 13) - 6) / 6.0;
}
