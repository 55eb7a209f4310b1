// Offline PTX of the device kernels: ILGPU's PTX backend driven directly, so no CUDA driver or device is needed.
// The context mirrors DeviceSelection's (algorithms for the XMath intrinsics, O2), and the default target is what
// CudaAccelerator picks on the H100 machines (sm_90, the newest PTX ISA ILGPU 1.5.3 knows: 8.8).
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Gmm.Gpu.Kernels;

namespace Gmm.Gpu.Diagnostics;

/// <summary>Compiles explicitly grouped kernels to PTX text without a CUDA device.</summary>
internal sealed class PtxCompiler : IDisposable
{
    private readonly Context context;
    private readonly PTXBackend backend;

    /// <summary>A compiler for <paramref name="architecture"/> and PTX <paramref name="instructionSet"/>.</summary>
    /// <remarks>
    /// No source annotations: ILGPU 1.5.3's Builder.DebugSymbols is a no-op, and forcing the mode only annotates the
    /// IRealOps one-liners, not the generic kernels' own lines.
    /// </remarks>
    public PtxCompiler(CudaArchitecture architecture, CudaInstructionSet instructionSet)
    {
        context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O2));
        try
        {
            backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, instructionSet, nvvmAPI: null);
        }
        catch
        {
            context.Dispose();
            throw;
        }
        Architecture = architecture;
        InstructionSet = instructionSet;
    }

    /// <summary>An sm_90 compiler with PTX ISA 8.8, as CudaAccelerator compiles for an H100 with a CUDA ≥ 12.9 driver.</summary>
    public PtxCompiler() : this(DefaultArchitecture, DefaultInstructionSet)
    {
    }

    /// <summary>sm_90, the H100 (ILGPU still writes .target sm_80: it targets the lowest architecture the kernel needs).</summary>
    public static CudaArchitecture DefaultArchitecture => CudaArchitecture.SM_90;

    /// <summary>PTX ISA 8.8, the newest ILGPU 1.5.3 knows and what it picks with the H100 machines' CUDA 13 driver.</summary>
    public static CudaInstructionSet DefaultInstructionSet => CudaInstructionSet.ISA_88;

    /// <summary>The target architecture.</summary>
    public CudaArchitecture Architecture { get; }

    /// <summary>The PTX instruction set.</summary>
    public CudaInstructionSet InstructionSet { get; }

    /// <summary>The PTX module of one explicitly grouped kernel (a closed generic static method).</summary>
    public string Compile(MethodInfo kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        var compiled = backend.Compile(entry, LaunchBoundsAttribute.For(kernel)); // as KernelLoader loads it
        return ((PTXCompiledKernel)compiled).PTXAssembly;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        backend.Dispose();
        context.Dispose();
    }
}
