using System.Numerics;
using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Cli.Bench;

/// <summary>
/// The backends of one sweep, opened once (so that a missing device fails before any data is generated) and reused
/// for every case: their descriptions and the peak GFLOP/s that "% of peak" is measured against.
/// </summary>
internal sealed class BenchBackends : IDisposable
{
    private readonly Dictionary<string, GpuBackendProvider> _gpus = new(StringComparer.Ordinal);
    private readonly BenchSettings _settings;

    public BenchBackends(BenchSettings settings)
    {
        _settings = settings;
        try
        {
            foreach (var name in settings.Backends.Where(b => b != "cpu"))
            {
                var provider = _gpus[name] = GpuBackendProvider.Create(AcceleratorNames.Parse(name));
                if (settings.InitializationOnDevice is { } onDevice) provider.InitializationOnDevice = onDevice;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Dispose();
            throw new Infrastructure.CliException($"--backend: no usable device: {Infrastructure.Errors.Describe(e)}", e);
        }
    }

    /// <summary>One line per backend: "cpu: CPU backend: 16 threads, 8-wide Single SIMD".</summary>
    public IEnumerable<string> Descriptions<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var name in _settings.Backends)
        {
            if (name == "cpu")
            {
                using var cpu = CpuBackendProvider.Default.Create<T>();
                yield return $"cpu: {cpu.Description}";
            }
            else
            {
                var gpu = _gpus[name];
                long mb = _settings.BudgetMb > 0 ? _settings.BudgetMb : gpu.DeviceMemoryBudgetBytes >> 20;
                string budget = mb < 1L << 30 ? $"; device-memory budget {mb} MiB" : ""; // the host accelerator reports no real limit
                yield return $"{name}: {gpu.DeviceDescription}{budget}";
            }
        }
    }

    /// <summary>A fresh backend of <paramref name="name"/> for element type <typeparamref name="T"/>.</summary>
    public IEmBackend<T> Create<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (name == "cpu") return CpuBackendProvider.Default.Create<T>();
        var gpu = _gpus[name];
        return _settings.BudgetMb > 0 ? gpu.CreateBackend<T>(_settings.BudgetMb << 20) : gpu.Create<T>();
    }

    /// <summary>The peak GFLOP/s of <paramref name="name"/> at this precision, when known.</summary>
    public double? Peak<T>(string name) where T : unmanaged
    {
        if (name == "cpu") return PeakFlops.ForCpu<T>().Gflops;
        if (_settings.PeakGflops is { } given) return given;
        // The table holds FP32 peaks: a float64 run against them would say nothing.
        return typeof(T) == typeof(float) && name == "cuda" ? PeakFlops.ForGpu(_gpus[name].DeviceDescription) : null;
    }

    public void Dispose()
    {
        foreach (var gpu in _gpus.Values) gpu.Dispose();
        _gpus.Clear();
    }
}
