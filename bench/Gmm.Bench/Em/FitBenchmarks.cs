using BenchmarkDotNet.Attributes;

namespace Gmm.Bench.Em;

/// <summary>
/// An end-to-end fit: GaussianMixture.Fit with k-means initialisation, 10 EM iterations (tolerance 0, so always 10),
/// including the device upload and kernel use a fresh backend pays — what a user waits for, over the <see cref="EmCases"/> grid.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EmConfig))]
public class FitBenchmarks
{
    private EmFixture _fixture = null!;
    private GaussianMixture _mixture = null!;

    /// <summary>The problem and backend.</summary>
    [ParamsSource(nameof(Cases))]
    public EmCase Case { get; set; } = null!;

    /// <summary>The sensible combinations.</summary>
    public static IEnumerable<EmCase> Cases => EmCases.All();

    /// <summary>Data and the provider; kernels compile in BenchmarkDotNet's warm-up, as in any second fit of a process.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _fixture = new EmFixture(Case, warm: false);
        _mixture = new GaussianMixture(new GaussianMixtureOptions
        {
            ComponentCount = Case.K,
            CovarianceType = Case.Type,
            Initialization = InitializationMethod.KMeans,
            MaxIterations = 10,
            Tolerance = 0,
            Seed = 0,
        }, _fixture.Provider);
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>Initialisation, transfers and 10 EM iterations.</summary>
    [Benchmark(Description = "fit: kmeans init + 10 EM iterations")]
    public double Fit() => _mixture.Fit(_fixture.Data, Case.D).LowerBound;
}
