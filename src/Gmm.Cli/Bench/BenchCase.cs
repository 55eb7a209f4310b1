namespace Gmm.Cli.Bench;

/// <summary>One combination of a sweep: problem size, covariance type and backend name (cpu, cuda, opencl, ilgpu-cpu).</summary>
internal sealed record BenchCase(long N, int D, int K, CovarianceType Type, string Backend)
{
    /// <summary>The short covariance name the tool uses everywhere (diag, full, tied, spherical).</summary>
    public string TypeName => Formats.ModelFile.TypeName(Type);

    /// <summary>"N=10000 D=39 K=64 diag cpu".</summary>
    public override string ToString() => $"N={N} D={D} K={K} {TypeName} {Backend}";
}
