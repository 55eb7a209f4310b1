using Gmm.Benchmarking;

namespace Gmm.Bench.Em;

/// <summary>One benchmark problem: N points of dimension D, K components of a covariance type, on a backend.</summary>
public sealed record EmCase(int N, int D, int K, CovarianceType Type, EmBackend Backend)
{
    /// <summary>Useful FLOPs of one iteration (<see cref="FlopModel"/>).</summary>
    public double Flops => FlopModel.PerIteration(Type, N, D, K);

    /// <summary>The column BenchmarkDotNet shows: "N=10000 D=2 K=8 Diagonal Cpu".</summary>
    public override string ToString() => $"N={N} D={D} K={K} {Type} {Backend}";
}
