using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Gmm.Gpu.Multi;

/// <summary>Opens the devices of a device list in one ILGPU context (the multi-device counterpart of <see cref="DeviceSelection"/>).</summary>
internal static class MultiDeviceSelection
{
    /// <summary>
    /// The context and one accelerator per device: Cuda and OpenCL index the devices ILGPU lists (OpenCL: all of them;
    /// null indices: the GPUs among them, or every device when there is none), Auto is Cuda when a CUDA device is
    /// present and otherwise OpenCL's GPUs, IlgpuCpu opens one CPU accelerator per given index.
    /// </summary>
    /// <exception cref="ArgumentException">An index past the devices present, or no indices for IlgpuCpu. A repeated index opens another context on the same device.</exception>
    /// <exception cref="InvalidOperationException">No device of the kind.</exception>
    public static (Context Context, List<SelectedDevice> Devices) Select(AcceleratorPreference preference, IReadOnlyList<int>? indices)
    {
        if (!Enum.IsDefined(preference))
            throw new ArgumentOutOfRangeException(nameof(preference), preference, "Unknown accelerator preference.");
        if (indices is not null) CheckIndices(indices);
        DriverLibraryResolver.Register();
        if (preference == AcceleratorPreference.IlgpuCpu) return SelectCpu(indices);

        OpenClEnvironment.Prepare();
        var context = Context.Create(b => b.Cuda().OpenCL().EnableAlgorithms().Optimize(OptimizationLevel.O2));
        var opened = new List<SelectedDevice>();
        try
        {
            var cuda = context.GetCudaDevices();
            bool useCuda = preference == AcceleratorPreference.Cuda || preference == AcceleratorPreference.Auto && cuda.Count > 0;
            if (useCuda)
            {
                if (cuda.Count == 0)
                    throw new InvalidOperationException("No CUDA device found (is the NVIDIA driver installed and libcuda.so.1 on the loader path?).");
                foreach (int i in Resolve(indices, cuda.Count, AcceleratorNames.Cuda, Enumerable.Range(0, cuda.Count)))
                {
                    var accelerator = cuda[i].CreateCudaAccelerator(context);
                    opened.Add(new SelectedDevice(accelerator, NameOf(AcceleratorNames.Cuda, i, opened), $"CUDA: {accelerator.Name}"));
                }
                return (context, opened);
            }
            var openCl = context.GetCLDevices();
            var gpus = new List<int>();
            for (int i = 0; i < openCl.Count; i++)
                if (DeviceSelection.IsGpu(openCl[i])) gpus.Add(i);
            if (openCl.Count == 0 || preference == AcceleratorPreference.Auto && gpus.Count == 0)
                throw new InvalidOperationException($"No {(preference == AcceleratorPreference.Auto ? "GPU" : "OpenCL device")} found usable by ILGPU: no CUDA device, and {DeviceSelection.OpenClNote}.");
            foreach (int i in Resolve(indices, openCl.Count, AcceleratorNames.OpenCL, gpus.Count > 0 ? gpus : Enumerable.Range(0, openCl.Count)))
            {
                var accelerator = openCl[i].CreateCLAccelerator(context);
                opened.Add(new SelectedDevice(accelerator, NameOf(AcceleratorNames.OpenCL, i, opened), $"OpenCL: {accelerator.Name}"));
            }
            return (context, opened);
        }
        catch
        {
            foreach (var device in opened) device.Accelerator.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>One ILGPU CPU accelerator per index, each a simulated device (groups of 256 threads in warps of 4, as the single-device tests use).</summary>
    private static (Context, List<SelectedDevice>) SelectCpu(IReadOnlyList<int>? indices)
    {
        if (indices is null)
            throw new ArgumentException($"ILGPU's CPU accelerator has no devices to enumerate: give the simulated devices' indices (e.g. Devices = [0, 1], or {AcceleratorNames.IlgpuCpu}:0,1).", nameof(indices));
        var context = Context.Create(b => b.CPU(new CPUDevice(4, 64, 1)).EnableAlgorithms());
        var opened = new List<SelectedDevice>();
        try
        {
            foreach (int i in indices)
            {
                var accelerator = context.CreateCPUAccelerator(0);
                opened.Add(new SelectedDevice(accelerator, NameOf(AcceleratorNames.IlgpuCpu, i, opened), $"ILGPU CPU accelerator (simulated device {i}): {accelerator.Name}"));
            }
            return (context, opened);
        }
        catch
        {
            foreach (var device in opened) device.Accelerator.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>"kind:i", and "kind:i/2", "kind:i/3" ... for the second and later contexts on a device named again.</summary>
    private static string NameOf(string kind, int index, List<SelectedDevice> opened)
    {
        string name = $"{kind}:{index}";
        int before = opened.Count(d => d.Name == name || d.Name.StartsWith(name + "/", StringComparison.Ordinal));
        return before == 0 ? name : $"{name}/{before + 1}";
    }

    private static IEnumerable<int> Resolve(IReadOnlyList<int>? indices, int present, string kind, IEnumerable<int> all)
    {
        if (indices is null) return all;
        foreach (int i in indices)
            if (i >= present)
                throw new ArgumentException($"{kind}:{i}: there {(present == 1 ? "is 1 device" : $"are {present} devices")} of this kind (indices 0 to {present - 1}).", nameof(indices));
        return indices;
    }

    private static void CheckIndices(IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) throw new ArgumentException("Devices is empty: name at least one device, or null for all.", nameof(indices));
        if (indices.Count > AcceleratorNames.MaxDevices)
            throw new ArgumentException($"{indices.Count} devices: at most {AcceleratorNames.MaxDevices} may be named.", nameof(indices));
        foreach (int i in indices)
            if (i < 0 || i >= AcceleratorNames.MaxDevices)
                throw new ArgumentException($"Device index {i} is out of range: indices go from 0 to {AcceleratorNames.MaxDevices - 1}.", nameof(indices));
    }
}
