using Gmm;
using Gmm.Tests.Gpu;

namespace Gmm.Tests.Conformance;

/// <summary>The conformance suite on the ILGPU backend, running its kernels on ILGPU's CPU accelerator.</summary>
public sealed class IlgpuCpuBackendTests : BackendConformance
{
    protected override IEmBackendProvider Provider => GpuTestData.Provider;
}
