using Gmm;
using Gmm.Cpu;

namespace Gmm.Tests.Conformance;

/// <summary>The conformance suite on the CPU backend.</summary>
public sealed class CpuBackendTests : BackendConformance
{
    protected override IEmBackendProvider Provider => CpuBackendProvider.Default;
}
