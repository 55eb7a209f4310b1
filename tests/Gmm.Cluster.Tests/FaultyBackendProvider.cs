using System.Numerics;
using Gmm.Cpu;

namespace Gmm.Cluster.Tests;

/// <summary>The CPU backend of one test node, passing through <see cref="Faults"/> before each E-step.</summary>
internal sealed class FaultyBackendProvider(string node) : IEmBackendProvider
{
    public string Name => "cpu";

    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new Backend<T>(node, CpuBackendProvider.Default.Create<T>());

    private sealed class Backend<T>(string node, IEmBackend<T> inner) : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public string Description => inner.Description;

        public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
        {
            Faults.OnAccumulate(node, typeof(T) == typeof(double));
            inner.Accumulate(model, data, statistics);
        }

        public void Dispose() => inner.Dispose();
    }
}
