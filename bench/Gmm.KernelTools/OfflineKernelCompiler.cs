// What the offline compilers share: an ILGPU context configured as DeviceSelection's (algorithms for the XMath
// intrinsics, O2), and the two ways to name a kernel (the backend's own list, or any kernel method).
using System.Reflection;
using Gmm.Gpu;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Runtime;

namespace Gmm.KernelTools;

/// <summary>Compiles explicitly grouped kernels to the source text of one ILGPU backend, without a device or driver.</summary>
public abstract class OfflineKernelCompiler : IDisposable
{
    /// <summary>Creates the context; a derived constructor that fails after this must dispose it (<see cref="Dispose(bool)"/>).</summary>
    protected OfflineKernelCompiler() => Context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O2));

    /// <summary>The ILGPU context the backend compiles in.</summary>
    protected Context Context { get; }

    /// <summary>The source of one of the backend's kernels (<see cref="GpuKernel.All"/>), compiled as the backend loads it (launch bounds included).</summary>
    public string Compile(GpuKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return Compile(kernel.Method, kernel.Specialization);
    }

    /// <summary>The source of any explicitly grouped kernel (a closed static method) under <paramref name="specialization"/>.</summary>
    public string Compile(MethodInfo kernel, KernelSpecialization specialization)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return Generate(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), specialization);
    }

    /// <summary>The backend's source text for <paramref name="entry"/>.</summary>
    protected abstract string Generate(EntryPointDescription entry, KernelSpecialization specialization);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backend (in a derived class) and the context.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Context.Dispose();
    }
}
