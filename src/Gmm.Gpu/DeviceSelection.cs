using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Gmm.Gpu;

/// <summary>Picks the ILGPU accelerator for a preference and says which one and why.</summary>
internal static class DeviceSelection
{
    /// <summary>Why OpenCL so often offers nothing: ILGPU's OpenCL backend needs OpenCL 2.0 generic address space.</summary>
    public const string OpenClNote =
        "ILGPU's OpenCL backend needs OpenCL 2.0, or 3.0 with the generic address space; NVIDIA's OpenCL and PoCL before 5 lack it, so they list no usable device";

    /// <summary>
    /// Opens the accelerator <paramref name="preference"/> asks for, or throws <see cref="InvalidOperationException"/>
    /// saying why there is none. Auto on a machine where no GPU can exist (<see cref="GpuPresence"/>) throws the same
    /// "no GPU found" as the full probe without creating an ILGPU context, unless <paramref name="fullProbe"/>.
    /// </summary>
    public static (Context Context, Accelerator Accelerator, string Description, string Kind) Select(AcceleratorPreference preference, bool fullProbe = false)
    {
        if (!Enum.IsDefined(preference))
            throw new ArgumentOutOfRangeException(nameof(preference), preference, "Unknown accelerator preference.");
        DriverLibraryResolver.Register();
        if (preference == AcceleratorPreference.Auto && !fullProbe && GpuPresence.NoneCanExist())
            throw new InvalidOperationException(NoGpuFound(openClCpuDevices: false));
        if (preference == AcceleratorPreference.IlgpuCpu)
        {
            // 64 warps of 4 threads: groups of 256 as the GPU kernels use, and a warp size other than 32 on purpose.
            var cpu = Context.Create(b => b.CPU(new CPUDevice(4, 64, 1)).EnableAlgorithms());
            var accelerator = cpu.CreateCPUAccelerator(0);
            return (cpu, accelerator, $"ILGPU CPU accelerator (forced): {accelerator.Name}, runs the GPU kernels on the host", AcceleratorNames.IlgpuCpu);
        }

        OpenClEnvironment.Prepare();
        var context = Context.Create(b => b.Cuda().OpenCL().EnableAlgorithms().Optimize(OptimizationLevel.O2));
        try
        {
            var cuda = context.GetCudaDevices();
            var openCl = context.GetCLDevices();
            string why = preference == AcceleratorPreference.Auto ? "auto: first CUDA device" : "forced";
            if (preference is AcceleratorPreference.Auto or AcceleratorPreference.Cuda && cuda.Count > 0)
            {
                var accelerator = cuda[0].CreateCudaAccelerator(context);
                return (context, accelerator, $"CUDA: {accelerator.Name} ({why}; {cuda.Count} CUDA device(s))", AcceleratorNames.Cuda);
            }
            if (preference == AcceleratorPreference.Cuda)
                throw new InvalidOperationException("No CUDA device found (is the NVIDIA driver installed and libcuda.so.1 on the loader path?). Use the CPU backend or AcceleratorPreference.IlgpuCpu.");
            var gpus = new List<CLDevice>();
            foreach (var device in openCl)
                if (IsGpu(device)) gpus.Add(device);
            if (gpus.Count > 0 || (preference == AcceleratorPreference.OpenCL && openCl.Count > 0))
            {
                var device = gpus.Count > 0 ? gpus[0] : openCl[0];
                var accelerator = device.CreateCLAccelerator(context);
                string reason = preference == AcceleratorPreference.Auto ? "auto: no CUDA device, first OpenCL GPU ILGPU supports"
                    : gpus.Count > 0 ? "forced; first OpenCL GPU"
                    : "forced; no OpenCL GPU, so a CPU device: the CPU backend is much faster on a CPU";
                return (context, accelerator, $"OpenCL: {accelerator.Name} ({reason})", AcceleratorNames.OpenCL);
            }
            throw new InvalidOperationException(preference == AcceleratorPreference.OpenCL
                ? $"No OpenCL device usable by ILGPU: {OpenClNote}. Use CUDA or the CPU backend."
                : NoGpuFound(openClCpuDevices: openCl.Count > 0)); // Auto: the provider serves the CPU backend and gives this as the reason
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Auto's answer where <see cref="GpuPresence"/> knows that no device can exist (the words <see cref="Select"/> throws
    /// there), without registering the driver resolver on ILGPU's assembly (which loads it); null where the probe must run.
    /// </summary>
    internal static string? NoGpuWithoutProbe() => GpuPresence.NoneCanExist() ? NoGpuFound(openClCpuDevices: false) : null;

    /// <summary>Auto's reason for the CPU backend: no CUDA device and no OpenCL GPU; <paramref name="openClCpuDevices"/>: ILGPU can use OpenCL CPU devices (skipped).</summary>
    internal static string NoGpuFound(bool openClCpuDevices) => openClCpuDevices
        ? "no GPU found: no CUDA device, and the only OpenCL devices ILGPU can use are CPUs, where the CPU backend is much faster (AcceleratorPreference.OpenCL uses them anyway)"
        : $"no GPU found: no CUDA device, and no OpenCL device usable by ILGPU ({OpenClNote})";

    /// <summary>An OpenCL GPU or accelerator card, not a CPU device (on PoCL's the GPU kernels run 7–16× slower than the CPU backend).</summary>
    internal static bool IsGpu(CLDevice device) =>
        (device.DeviceType & (CLDeviceType.CL_DEVICE_TYPE_GPU | CLDeviceType.CL_DEVICE_TYPE_ACCELERATOR)) != 0;

    /// <summary>True when ILGPU sees at least one CUDA device.</summary>
    public static bool CudaAvailable()
    {
        DriverLibraryResolver.Register();
        try
        {
            using var context = Context.Create(b => b.Cuda());
            return context.GetCudaDevices().Count > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>80% of the device's free memory (CUDA), or of its size (other accelerators).</summary>
    public static long DefaultBudget(Accelerator accelerator)
    {
        long available = accelerator.MemorySize;
        if (accelerator is CudaAccelerator)
        {
            try
            {
                accelerator.Bind();
                if (CudaAPI.CurrentAPI.GetMemoryInfo(out long free, out long _) == CudaError.CUDA_SUCCESS) available = free;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
            {
                // keep the device's total size
            }
        }
        return Math.Max(1, (long)(available * 0.8));
    }
}
