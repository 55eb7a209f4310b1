using System.Numerics;
using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Cli.Bench;

/// <summary>
/// The backends of one sweep, opened once (so that a missing device fails before any data is generated) and reused
/// for every case: their descriptions and the peak GFLOP/s that "% of peak" is measured against. A device list
/// ("cuda:0,1") is one backend over several devices (<see cref="MultiGpuBackendProvider"/>).
/// </summary>
internal sealed class BenchBackends : IDisposable
{
    private readonly Dictionary<string, GpuBackendProvider> _gpus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MultiGpuBackendProvider> _multis = new(StringComparer.Ordinal);
    private readonly BenchSettings _settings;

    public BenchBackends(BenchSettings settings)
    {
        _settings = settings;
        try
        {
            foreach (var name in settings.Backends.Where(AcceleratorNames.IsDeviceList))
            {
                var (preference, devices) = AcceleratorNames.ParseDeviceList(name);
                _multis[name] = GpuBackendProvider.CreateMulti(preference, new MultiGpuOptions { Devices = devices });
            }
            foreach (var name in settings.Backends.Where(b => b != "cpu" && !AcceleratorNames.IsDeviceList(b)))
            {
                var provider = _gpus[name] = GpuBackendProvider.Create(AcceleratorNames.Parse(name), settings.BudgetMb << 20);
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
            else if (_multis.TryGetValue(name, out var multi))
            {
                string budget = _settings.BudgetMb > 0 ? $"; device-memory budget {_settings.BudgetMb} MiB per device" : "";
                yield return $"{name}: {multi.DeviceDescription}{budget}";
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
        if (_multis.TryGetValue(name, out var multi))
            return _settings.BudgetMb > 0 ? multi.CreateBackend<T>([.. multi.DeviceNames.Select(_ => _settings.BudgetMb << 20)]) : multi.Create<T>();
        return _gpus[name].Create<T>();
    }

    /// <summary>The peak GFLOP/s of <paramref name="name"/> at this precision, when known.</summary>
    public double? Peak<T>(string name) where T : unmanaged
    {
        if (name == "cpu") return PeakFlops.ForCpu<T>().Gflops;
        if (_multis.ContainsKey(name)) return null; // the peak table and --peak-gflops are one device's
        if (_settings.PeakGflops is { } given) return given;
        // The table holds FP32 peaks: a float64 run against them would say nothing.
        return typeof(T) == typeof(float) && name == AcceleratorNames.Cuda ? PeakFlops.ForGpu(_gpus[name].DeviceDescription) : null;
    }

    public void Dispose()
    {
        foreach (var gpu in _gpus.Values) gpu.Dispose();
        _gpus.Clear();
        foreach (var multi in _multis.Values) multi.Dispose();
        _multis.Clear();
    }
}
