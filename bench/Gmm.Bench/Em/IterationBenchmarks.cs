using BenchmarkDotNet.Attributes;
using Gmm.Cpu;

namespace Gmm.Bench.Em;

/// <summary>
/// One EM iteration over the <see cref="EmCases"/> grid: the E-step with the sufficient statistics alone
/// (IEmBackend.Accumulate), and the whole iteration (E-step on the backend, M-step on the host).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EmConfig))]
public class IterationBenchmarks
{
    private EmFixture _fixture = null!;

    /// <summary>The problem and backend.</summary>
    [ParamsSource(nameof(Cases))]
    public EmCase Case { get; set; } = null!;

    /// <summary>The sensible combinations.</summary>
    public static IEnumerable<EmCase> Cases => EmCases.All();

    /// <summary>Data, model and a warm backend.</summary>
    [GlobalSetup]
    public void Setup() => _fixture = new EmFixture(Case);

    /// <summary>Releases the backend and device.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>Statistics of one pass over the data.</summary>
    [Benchmark(Description = "E-step + statistics")]
    public double EStep() => _fixture.EStep().LogLikelihood;

    /// <summary>E + M from the starting model.</summary>
    [Benchmark(Description = "EM iteration (E + M)")]
    public GaussianMixtureModel Iteration() => MStep.Apply(_fixture.EStep(), 1e-6, [], 0, 1);
}
