using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// The one place that maps --device to a backend. auto = the library's <see cref="AcceleratorPreference.Auto"/>: the
/// first CUDA device, else an OpenCL GPU, else the CPU backend; never silently the (slow) ILGPU CPU accelerator or an
/// OpenCL CPU device, which must be asked for by name.
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
        new(CpuBackendProvider.Default, $"cpu ({Environment.ProcessorCount} threads, {System.Numerics.Vector<float>.Count * 32}-bit SIMD)", reason, null);

    /// <summary>The library's Auto: CUDA, else an OpenCL GPU, else the CPU backend (the provider then says why).</summary>
    private static Selection Auto()
    {
        var provider = GpuBackendProvider.Create(AcceleratorPreference.Auto);
        if (provider.FallbackReason is null) return new Selection(provider, provider.DeviceDescription, "auto: a GPU was found", provider);
        provider.Dispose();
        return Cpu("auto: " + provider.FallbackReason);
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
