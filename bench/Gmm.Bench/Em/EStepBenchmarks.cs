using BenchmarkDotNet.Attributes;

namespace Gmm.Bench.Em;

/// <summary>The E-step with the sufficient statistics alone (IEmBackend.Accumulate, no M-step) over the <see cref="EmCases"/> grid.</summary>
[MemoryDiagnoser]
[Config(typeof(EmConfig))]
public class EStepBenchmarks
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
}
