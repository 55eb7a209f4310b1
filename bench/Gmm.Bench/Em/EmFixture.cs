using Gmm.Benchmarking;
using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Bench.Em;

/// <summary>
/// What a benchmark of one <see cref="EmCase"/> needs: the same synthetic data and starting model as `gmm bench`
/// (<see cref="BenchData"/>, seeds <see cref="BenchData.DataSeed"/> and <see cref="BenchData.ModelSeed"/>), a backend
/// provider, and a float32 backend with the data already resident (one untimed pass uploads it and compiles kernels).
/// </summary>
internal sealed class EmFixture : IDisposable
{
    private readonly GpuBackendProvider? _gpu;
    private IEmBackend<float>? _backend;

    public EmFixture(EmCase c, bool warm = true)
    {
        Data = BenchData.Points(c.N, c.D, Math.Max(c.K, 8), BenchData.DataSeed);
        Source = new InMemoryDataSource<float>(Data, c.D);
        Model = BenchData.StartModel(Data, c.D, c.K, c.Type, BenchData.ModelSeed);
        _gpu = c.Backend switch
        {
            EmBackend.Cuda => GpuBackendProvider.Create(AcceleratorPreference.Cuda),
            EmBackend.IlgpuCpu => GpuBackendProvider.Create(AcceleratorPreference.IlgpuCpu),
            _ => null,
        };
        Provider = (IEmBackendProvider?)_gpu ?? CpuBackendProvider.Default;
        if (warm) EStep();
    }

    public float[] Data { get; }
    public IDataSource<float> Source { get; }
    public GaussianMixtureModel Model { get; }
    public IEmBackendProvider Provider { get; }
    /// <summary>Created on first use, so that a fit benchmark (which makes its own) holds no second copy of the data on the device.</summary>
    public IEmBackend<float> Backend => _backend ??= Provider.Create<float>();

    /// <summary>E-step + statistics over all the data from the starting model.</summary>
    public SufficientStatistics EStep()
    {
        var statistics = SufficientStatistics.For<float>(Model);
        Backend.Accumulate(Model, Source, statistics);
        return statistics;
    }

    public void Dispose()
    {
        _backend?.Dispose();
        _gpu?.Dispose();
    }
}
