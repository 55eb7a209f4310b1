using System.Numerics;
using Gmm;

namespace Gmm.Tests.Support;

/// <summary>A backend that passes its calls through until call number <paramref name="failingCall"/>, which throws (a device fault mid-fit).</summary>
internal sealed class FailingBackend<T>(IEmBackend<T> inner, int failingCall) : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const string Fault = "simulated device fault";

    private int _calls;

    public string Description => inner.Description;

    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        if (++_calls == failingCall) throw new InvalidOperationException(Fault);
        inner.Accumulate(model, data, statistics);
    }

    public void Dispose() => inner.Dispose();
}
