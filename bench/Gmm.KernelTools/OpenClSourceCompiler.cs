// Offline OpenCL C of the device kernels: ILGPU's OpenCL backend driven directly, so no OpenCL runtime or device is
// needed. The context is OfflineKernelCompiler's; the target is an OpenCL 3.0 device with the generic
// address space, float64 and 64-bit atomics, the least DeviceSelection and DeviceRequirements accept, and without
// sub-groups or work-group collective functions, which OpenCL 3.0 makes optional.
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;
using ILGPU.Runtime;

namespace Gmm.KernelTools;

/// <summary>Compiles kernels to the OpenCL C source an OpenCL accelerator would build.</summary>
public sealed class OpenClSourceCompiler : OfflineKernelCompiler
{
    private readonly CLBackend _backend;

    /// <summary>A compiler for the minimal OpenCL 3.0 device described in the file header.</summary>
    public OpenClSourceCompiler()
    {
        try
        {
            var capabilities = new CLCapabilityContext(float16: false, float64: true, genericAddressSpace: true,
                int64_Atomics: true, subGroups: false);
            _backend = new CLBackend(Context, capabilities, CLDeviceVendor.Other, CLCVersion.CL30);
        }
        catch
        {
            base.Dispose(true);
            throw;
        }
    }

    /// <inheritdoc />
    protected override string Generate(EntryPointDescription entry, KernelSpecialization specialization) =>
        ((CLCompiledKernel)_backend.Compile(entry, specialization)).Source;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _backend.Dispose();
        base.Dispose(disposing);
    }
}
