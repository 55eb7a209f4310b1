using System.Diagnostics.CodeAnalysis;

namespace Gmm.Gpu;

/// <summary>
/// The names by which users pick an accelerator ("auto", "cuda", "opencl", "ilgpu-cpu": command lines, settings,
/// environment variables) and the <see cref="AcceleratorPreference"/> each stands for: the one mapping between the two.
/// </summary>
public static class AcceleratorNames
{
    /// <summary>"auto": <see cref="AcceleratorPreference.Auto"/>.</summary>
    public const string Auto = "auto";

    /// <summary>"cuda": <see cref="AcceleratorPreference.Cuda"/>.</summary>
    public const string Cuda = "cuda";

    /// <summary>"opencl": <see cref="AcceleratorPreference.OpenCL"/>.</summary>
    public const string OpenCL = "opencl";

    /// <summary>"ilgpu-cpu": <see cref="AcceleratorPreference.IlgpuCpu"/>.</summary>
    public const string IlgpuCpu = "ilgpu-cpu";

    /// <summary>Every name, in the order of <see cref="AcceleratorPreference"/>'s members.</summary>
    public static IReadOnlyList<string> All { get; } = [Auto, Cuda, OpenCL, IlgpuCpu];

    /// <summary>The names of the accelerators a provider can open (all but "auto"): the values of <see cref="GpuBackendProvider.Name"/>.</summary>
    public static IReadOnlyList<string> Devices { get; } = [Cuda, OpenCL, IlgpuCpu];

    /// <summary>The name of <paramref name="preference"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="preference"/> is not a defined preference.</exception>
    public static string NameOf(AcceleratorPreference preference) => preference switch
    {
        AcceleratorPreference.Auto => Auto,
        AcceleratorPreference.Cuda => Cuda,
        AcceleratorPreference.OpenCL => OpenCL,
        AcceleratorPreference.IlgpuCpu => IlgpuCpu,
        _ => throw new ArgumentOutOfRangeException(nameof(preference), preference, "Unknown accelerator preference."),
    };

    /// <summary>The preference named <paramref name="name"/> (exactly one of <see cref="All"/>, lower case).</summary>
    /// <returns>False, with <paramref name="preference"/> = Auto, when <paramref name="name"/> is none of them.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out AcceleratorPreference preference)
    {
        foreach (var candidate in Enum.GetValues<AcceleratorPreference>())
            if (string.Equals(name, NameOf(candidate), StringComparison.Ordinal))
            {
                preference = candidate;
                return true;
            }
        preference = AcceleratorPreference.Auto;
        return false;
    }

    /// <summary>The preference named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is none of <see cref="All"/>; the message lists them.</exception>
    public static AcceleratorPreference Parse(string name) =>
        TryParse(name, out var preference) ? preference
        : throw new ArgumentException($"'{name}' is not an accelerator: expected one of {string.Join(", ", All)}.", nameof(name));

    /// <summary>"all": every device of a kind, in a device list ("cuda:all").</summary>
    public const string AllDevices = "all";

    /// <summary>The most devices a list may name, and one more than the highest index it may give.</summary>
    public const int MaxDevices = 64;

    /// <summary>
    /// Whether <paramref name="name"/> is a device list rather than a single accelerator: a device name, a colon and
    /// either "all" or comma-separated device indices ("cuda:all", "cuda:0,1", "ilgpu-cpu:0,1").
    /// </summary>
    public static bool IsDeviceList([NotNullWhen(true)] string? name) => name is not null && name.Contains(':', StringComparison.Ordinal);

    /// <summary>
    /// The accelerator kind and device indices of a device list (<see cref="IsDeviceList"/>): "cuda:all" → (Cuda, null),
    /// "opencl:0,2" → (OpenCL, [0, 2]). The kind is one of <see cref="Devices"/>; the indices are in
    /// [0, <see cref="MaxDevices"/>), in the order given. ILGPU's CPU accelerator has no devices to enumerate, so
    /// "ilgpu-cpu" takes indices only (each one a simulated device). An index may repeat: "cuda:0,0" opens two contexts on
    /// one GPU, which exercises the multi-device path (not its speed-up) on a machine with one device.
    /// </summary>
    /// <returns>The kind, and the indices or null for every device of the kind.</returns>
    /// <exception cref="ArgumentException">The list is malformed; the message says how and shows the expected form.</exception>
    public static (AcceleratorPreference Preference, IReadOnlyList<int>? Devices) ParseDeviceList(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        const string form = "expected KIND:all or KIND:I,J,... with KIND one of cuda, opencl, ilgpu-cpu (e.g. cuda:all, cuda:0,1)";
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw new ArgumentException($"'{name}' is not a device list: {form}.", nameof(name));
        string kind = name[..colon], list = name[(colon + 1)..];
        if (!TryParse(kind, out var preference) || preference == AcceleratorPreference.Auto)
            throw new ArgumentException($"'{name}': '{kind}' is not a device kind: {form}.", nameof(name));
        if (list == AllDevices)
        {
            if (preference == AcceleratorPreference.IlgpuCpu)
                throw new ArgumentException($"'{name}': ILGPU's CPU accelerator has no devices to enumerate; give simulated device indices, e.g. {IlgpuCpu}:0,1.", nameof(name));
            return (preference, null);
        }
        var devices = new List<int>();
        foreach (var item in list.Split(','))
        {
            if (item.Length == 0 || !item.All(char.IsAsciiDigit) || !int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index) || index >= MaxDevices)
                throw new ArgumentException($"'{name}': '{item}' is not a device index (a whole number from 0 to {MaxDevices - 1}): {form}.", nameof(name));
            devices.Add(index);
        }
        return (preference, devices);
    }

    /// <summary>The device list's name: "cuda:all", "cuda:0,1" (the inverse of <see cref="ParseDeviceList"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="preference"/> is not a defined preference.</exception>
    public static string DeviceListName(AcceleratorPreference preference, IReadOnlyList<int>? devices) =>
        $"{NameOf(preference)}:{(devices is null ? AllDevices : string.Join(",", devices))}";
}
