using Gmm.Cpu;
using Gmm.Gpu;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// The one place that maps --device to a backend. auto = the library's <see cref="AcceleratorPreference.Auto"/>: the
/// first CUDA device, else an OpenCL GPU, else the CPU backend; never silently the (slow) ILGPU CPU accelerator or an
/// OpenCL CPU device, which must be asked for by name. A device list ("cuda:all", "cuda:0,1",
/// <see cref="AcceleratorNames.ParseDeviceList"/>) fits on several devices at once.
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
        AcceleratorNames.Auto => Auto(),
        _ when AcceleratorNames.TryParse(device, out var preference) => Gpu(preference, $"--device {device}"),
        _ when AcceleratorNames.IsDeviceList(device) => Multi(device),
        _ => throw new CliException(Problem(device)!),
    };

    /// <summary>What is wrong with a --device value, or null when it names a backend (a device list is checked for form, not for the devices present).</summary>
    public static string? Problem(string device)
    {
        if (Devices.Contains(device)) return null;
        if (!AcceleratorNames.IsDeviceList(device))
            return $"--device '{device}' is not one of {string.Join(", ", Devices)}, or a device list such as cuda:all or cuda:0,1.";
        try
        {
            AcceleratorNames.ParseDeviceList(device);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"--device {Errors.Describe(e)}";
        }
    }

    /// <summary>Several devices at once: the rows split among them, the M-step on the host.</summary>
    private static Selection Multi(string device)
    {
        if (Problem(device) is { } problem) throw new CliException(problem);
        var (preference, devices) = AcceleratorNames.ParseDeviceList(device);
        MultiGpuBackendProvider provider;
        try
        {
            provider = GpuBackendProvider.CreateMulti(preference, new MultiGpuOptions { Devices = devices });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CliException($"--device {device}: {Errors.Describe(e)}", e);
        }
        return new Selection(provider, provider.DeviceDescription, $"--device {device}", provider);
    }

    private static Selection Cpu(string reason) =>
        new(CpuBackendProvider.Default, $"cpu ({Environment.ProcessorCount} threads, {CpuBackendProvider.RegisterBits}-bit SIMD)", reason, null);

    /// <summary>The library's Auto: CUDA, else an OpenCL GPU, else the CPU backend (the provider then says why).</summary>
    private static Selection Auto()
    {
        var provider = GpuBackendProvider.Create(AcceleratorPreference.Auto);
        if (provider.FallbackReason is null) return new Selection(provider, provider.DeviceDescription, "auto: a GPU was found", provider);
        provider.Dispose();
        return Cpu("auto: " + provider.FallbackReason);
    }

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
}
