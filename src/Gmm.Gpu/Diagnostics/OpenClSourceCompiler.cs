// Offline OpenCL C of the device kernels: ILGPU's OpenCL backend driven directly, so no OpenCL runtime or device is
// needed. The context mirrors DeviceSelection's (algorithms, O2); the target is an OpenCL 3.0 device with the generic
// address space, float64 and 64-bit atomics, the least DeviceSelection and DeviceRequirements accept, and without
// sub-groups or work-group collective functions, which OpenCL 3.0 makes optional.
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;
using Gmm.Gpu.Kernels;

namespace Gmm.Gpu.Diagnostics;

/// <summary>Compiles kernels to the OpenCL C source an OpenCL accelerator would build.</summary>
internal sealed class OpenClSourceCompiler : IDisposable
{
    private readonly Context _context;
    private readonly CLBackend _backend;

    /// <summary>A compiler for the minimal OpenCL 3.0 device described in the file header.</summary>
    public OpenClSourceCompiler()
    {
        _context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O2));
        try
        {
            var capabilities = new CLCapabilityContext(float16: false, float64: true, genericAddressSpace: true,
                int64_Atomics: true, subGroups: false);
            _backend = new CLBackend(_context, capabilities, CLDeviceVendor.Other, CLCVersion.CL30);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
    }

    /// <summary>The OpenCL C source of <paramref name="kernel"/>, compiled as KernelLoader loads it (launch bounds included).</summary>
    public string Compile(MethodInfo kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        return ((CLCompiledKernel)_backend.Compile(entry, LaunchBoundsAttribute.For(kernel))).Source;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _backend.Dispose();
        _context.Dispose();
    }
}
