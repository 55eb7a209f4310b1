using BenchmarkDotNet.Attributes;
using Gmm;
using Gmm.Cpu;

namespace Gmm.Bench.Cpu;

/// <summary>
/// One EM iteration (E-step with statistics, then the M-step) of the CPU backend on the problems of the CPU issue:
/// 200k×39 K=64 diag, 100k×16 K=16 full and tied. Compare with bench/compare_sklearn.py on the same machine.
/// </summary>
[MemoryDiagnoser]
public class CpuIterationBenchmarks
{
    private SyntheticProblem _problem = null!;
    private CpuEmBackend<float> _backend = null!;

    [ParamsSource(nameof(Problems))]
    public string Problem { get; set; } = "";

    public static IEnumerable<string> Problems => ["200000x39 K=64 Diagonal", "100000x16 K=16 Full", "100000x16 K=16 Tied"];

    [GlobalSetup]
    public void Setup()
    {
        var parts = Problem.Split([' ', 'x', '='], StringSplitOptions.RemoveEmptyEntries);
        _problem = new SyntheticProblem(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[3]), Enum.Parse<CovarianceType>(parts[4]));
        _backend = new CpuEmBackend<float>();
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    [Benchmark(Description = "E-step + statistics")]
    public double EStep()
    {
        var stats = SufficientStatistics.For<float>(_problem.Model);
        _backend.Accumulate(_problem.Model, _problem.Source, stats);
        return stats.LogLikelihood;
    }

    [Benchmark(Description = "EM iteration (E + M)")]
    public GaussianMixtureModel Iteration()
    {
        var stats = SufficientStatistics.For<float>(_problem.Model);
        _backend.Accumulate(_problem.Model, _problem.Source, stats);
        return MStep.Apply(stats, 1e-6, [], 0, 1);
    }
}
