using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// The one place that maps --device to a backend. auto = CUDA when a CUDA device is present, else the CPU backend;
/// never silently the (slow) ILGPU CPU accelerator, which must be asked for by name.
/// </summary>
internal static class BackendFactory
{
    public static readonly string[] Devices = [AcceleratorNames.Auto, "cpu", .. AcceleratorNames.Devices];

    /// <summary>A chosen backend, a readable description of the device and why it was chosen.</summary>
    public sealed class Selection(IEmBackendProvider provider, string description, string reason, IDisposable? owner) : IDisposable
    {
        public IEmBackendProvider Provider { get; } = provider;
        public string Description { get; } = description;
        public string Reason { get; } = reason;
        public void Dispose() => owner?.Dispose();
    }

    public static Selection Select(string device) => device switch
    {
        "cpu" => Cpu("--device cpu"),
        AcceleratorNames.Auto => Auto(), // CUDA or the CPU backend, not AcceleratorPreference.Auto (which would try OpenCL GPUs)
        _ when AcceleratorNames.TryParse(device, out var preference) => Gpu(preference, $"--device {device}"),
        _ => throw new CliException($"--device '{device}' is not one of {string.Join(", ", Devices)}."),
    };

    private static Selection Cpu(string reason) =>
        new(CpuBackendProvider.Default, $"cpu ({Environment.ProcessorCount} threads, {CpuBackendProvider.RegisterBits}-bit SIMD)", reason, null);

    private static Selection Auto()
    {
        bool cuda;
        try
        {
            cuda = GpuBackendProvider.IsCudaAvailable();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Cpu($"auto: CUDA probe failed ({Errors.Describe(e)})");
        }
        return cuda
            ? Gpu(AcceleratorPreference.Cuda, "auto: CUDA device found")
            : Cpu("auto: no CUDA device found; --device opencl or ilgpu-cpu selects another accelerator");
    }

    // ---- GPU selection, written against the Gmm.Gpu public API (GpuApiShim.cs stands in until it is merged) ----
    private static Selection Gpu(AcceleratorPreference preference, string reason)
    {
        GpuBackendProvider provider;
        try
        {
            provider = GpuBackendProvider.Create(preference);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CliException($"{reason}: no usable device: {Errors.Describe(e)}", e);
        }
        return new Selection(provider, provider.DeviceDescription, reason, provider);
    }
    // ---- end of GPU selection ----
}
