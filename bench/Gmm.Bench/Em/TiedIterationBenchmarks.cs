using BenchmarkDotNet.Attributes;
using Gmm.Cpu;

namespace Gmm.Bench.Em;

/// <summary>
/// Issue 19's tied and full problem on the CPU backend: 100,000 × 16 points in ten overlapping clusters, K = 16, from
/// the start bench/compare_sklearn.py uses (x_ij = 0.5·(i mod 10) + U[0, 1) + (j mod 3); equal weights, means at rows
/// 37·c mod n, unit covariances), in float32 with one worker lane or one per core. "E-step + statistics" is one
/// pass from the starting model; "EM iteration" continues EM from the previous invocation's model, as a fit runs it.
/// Run: <c>dotnet run -c Release --project bench/Gmm.Bench -- --filter '*TiedIteration*'</c>.
/// </summary>
[Config(typeof(EmConfig))]
public class TiedIterationBenchmarks
{
    private const int Points = 100_000, Dimension = 16, Components = 16;
    private InMemoryDataSource<float> _source = null!;
    private GaussianMixtureModel _start = null!;
    private IEmBackend<float> _backend = null!;
    private EmRun<float, GaussianMixtureModel> _run = null!;

    /// <summary>Tied (the kernel of issue 19's tied row) or full (which shares its tile transpose).</summary>
    [Params(CovarianceType.Tied, CovarianceType.Full)]
    public CovarianceType Type { get; set; }

    /// <summary>Worker lanes: 1, or 0 for one per core.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    /// <summary>The data, the starting model and a backend that has run one pass.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var values = new float[Points * Dimension];
        for (int i = 0; i < Points; i++)
            for (int j = 0; j < Dimension; j++)
                values[i * Dimension + j] = (float)(0.5 * (i % 10) + random.NextDouble() + j % 3);
        _source = new InMemoryDataSource<float>(values, Dimension);
        var weights = Enumerable.Repeat(1.0 / Components, Components).ToArray();
        var means = new double[Components * Dimension];
        for (int c = 0; c < Components; c++)
            for (int j = 0; j < Dimension; j++) means[c * Dimension + j] = values[c * 37 % Points * Dimension + j];
        int matrices = Type == CovarianceType.Tied ? 1 : Components;
        var covariances = new double[matrices * Dimension * Dimension];
        for (int m = 0; m < matrices; m++)
            for (int j = 0; j < Dimension; j++) covariances[(m * Dimension + j) * Dimension + j] = 1;
        _start = new GaussianMixtureModel(Type, weights, means, covariances);
        _backend = new CpuBackendProvider(Threads).Create<float>();
        EStep();
        _run = new EmRun<float, GaussianMixtureModel>(_backend, _source, new MaximumLikelihoodStep(1e-6), _start);
    }

    /// <summary>Releases the backend.</summary>
    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    /// <summary>Statistics of one pass over the data from the starting model.</summary>
    [Benchmark(Description = "E-step + statistics")]
    public double EStep()
    {
        var statistics = SufficientStatistics.For<float>(_start);
        _backend.Accumulate(_start, _source, statistics);
        return statistics.LogLikelihood;
    }

    /// <summary>E + M, continuing from the previous invocation's model.</summary>
    [Benchmark(Description = "EM iteration (E + M)")]
    public double Iteration() => _run.Step();
}
