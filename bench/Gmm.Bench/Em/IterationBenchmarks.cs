using BenchmarkDotNet.Attributes;
using Gmm.Cpu;

namespace Gmm.Bench.Em;

/// <summary>
/// One EM iteration over the <see cref="EmCases"/> grid: the E-step with the sufficient statistics alone
/// (IEmBackend.Accumulate), and the whole iteration as a fit runs it (EmRun.Step with the maximum-likelihood M-step: on a
/// GPU the M-step runs on the device; elsewhere on the host), each invocation continuing EM from the previous one.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EmConfig))]
public class IterationBenchmarks
{
    private EmFixture _fixture = null!;
    private EmRun<float, GaussianMixtureModel> _run = null!;

    /// <summary>The problem and backend.</summary>
    [ParamsSource(nameof(Cases))]
    public EmCase Case { get; set; } = null!;

    /// <summary>The sensible combinations.</summary>
    public static IEnumerable<EmCase> Cases => EmCases.All();

    /// <summary>Data, model and a warm backend.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _fixture = new EmFixture(Case);
        _run = new EmRun<float, GaussianMixtureModel>(_fixture.Backend, _fixture.Source, new MaximumLikelihoodStep(1e-6), _fixture.Model);
    }

    /// <summary>Releases the backend and device.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>Statistics of one pass over the data.</summary>
    [Benchmark(Description = "E-step + statistics")]
    public double EStep() => _fixture.EStep().LogLikelihood;

    /// <summary>E + M, continuing from the previous invocation's model.</summary>
    [Benchmark(Description = "EM iteration (E + M)")]
    public double Iteration() => _run.Step();
}
