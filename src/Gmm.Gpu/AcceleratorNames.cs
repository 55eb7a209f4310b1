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
}
