// Offline PTX of the device kernels: ILGPU's PTX backend driven directly, so no CUDA driver or device is needed.
// The context is OfflineKernelCompiler's, and the default target is what
// CudaAccelerator picks on the H100 machines (sm_90, the newest PTX ISA ILGPU 1.5.3 knows: 8.8).
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Gmm.KernelTools;

/// <summary>Compiles explicitly grouped kernels to PTX text without a CUDA device.</summary>
public sealed class PtxCompiler : OfflineKernelCompiler
{
    private readonly PTXBackend backend;

    /// <summary>A compiler for <paramref name="architecture"/> and PTX <paramref name="instructionSet"/>.</summary>
    /// <remarks>
    /// No source annotations: ILGPU 1.5.3's Builder.DebugSymbols is a no-op, and forcing the mode only annotates the
    /// IRealOps one-liners, not the generic kernels' own lines.
    /// </remarks>
    public PtxCompiler(CudaArchitecture architecture, CudaInstructionSet instructionSet)
    {
        try
        {
            backend = new PTXBackend(Context, new CudaCapabilityContext(architecture), architecture, instructionSet, nvvmAPI: null);
        }
        catch
        {
            base.Dispose(true);
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

    /// <inheritdoc />
    protected override string Generate(EntryPointDescription entry, KernelSpecialization specialization) =>
        ((PTXCompiledKernel)backend.Compile(entry, specialization)).PTXAssembly;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) backend.Dispose();
        base.Dispose(disposing);
    }
}
