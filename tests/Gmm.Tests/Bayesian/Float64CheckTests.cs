using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// The float64 finish of a float32 variational fit is a check that hands a certified rise back to float32
/// (<see cref="Float64Finish.Run"/>; docs/architecture.md, "Convergence of a float32 variational fit"). A small fit is
/// made to hand over in a creep, as a 10⁶-point one does: 5,000 points (d = 8) from eight heavily overlapping clusters
/// (a Dirichlet-process fit that creeps for 100–700 iterations) at tol 10⁻⁵, with the float32 bound moved by up to 100
/// tolerances per E-step (<see cref="JitteredBackendProvider"/>: rounding noise that hides the creep's rises, while the
/// float64 check sees them exactly). Each run of the fit (float32, a float64 check, float32 again, …) reports its first
/// iteration with no change (NaN), which is how the tests see the phases.
/// </summary>
public class Float64CheckTests
{
    private const int D = 8, K = 8, N = 5_000;
    private const double Tolerance = 1e-5;

    private static readonly float[] Data = Overlapping(N, seed: 7);

    /// <summary>n points (n×d) from eight unit-variance spherical clusters whose centres are drawn with spread 1.</summary>
    private static float[] Overlapping(int n, int seed)
    {
        var random = new Random(seed);
        var centres = new double[8 * D];
        for (int i = 0; i < centres.Length; i++) centres[i] = TestData.Normal(random);
        var data = new float[n * D];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < D; j++) data[i * D + j] = (float)(centres[i % 8 * D + j] + TestData.Normal(random));
        return data;
    }

    private static BayesianGaussianMixtureOptions Options(CovarianceType type, int maxIterations = 1000) => new()
    {
        ComponentCount = K, CovarianceType = type, WeightConcentrationPriorType = WeightConcentrationPriorType.DirichletProcess,
        Initialization = InitializationMethod.RandomFromData, Tolerance = Tolerance, MaxIterations = maxIterations,
    };

    /// <summary>
    /// The check hands the fit back to float32 at least once (float32, float64, float32, … phases), the fit converges
    /// where a float64 check says so (the last phase is float64), near the float64 fit's bound, and the fit's history
    /// is every phase's in order, one value per iteration, numbered 1, 2, … across the phases.
    /// </summary>
    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void ACheckHandsACertifiedRiseBackToFloat32AndTheFitConvergesInAFloat64Check(CovarianceType type)
    {
        var reference = new BayesianGaussianMixture(Options(type) with { Precision = ComputePrecision.Double }).Fit(Data, D);
        var reports = new List<IterationReport>();
        var fit = new BayesianGaussianMixture(Options(type), new JitteredBackendProvider(100 * Tolerance)).Fit(Data, D, progress: new ImmediateProgress(reports.Add));
        var starts = reports.Where(r => double.IsNaN(r.Change)).Select(r => r.Iteration).ToList();

        Assert.True(reference.Converged);
        Assert.True(fit.Converged);
        Assert.True(starts.Count >= 4, $"phases start at {string.Join(", ", starts)}");
        Assert.True(starts.Count % 2 == 0, "the last phase is a float64 check");
        Assert.InRange(fit.Iterations - starts[^1], 1, 2); // the check's pair (its first change compares with −∞)
        Assert.Empty(fit.Warnings);
        Assert.Equal(Enumerable.Range(1, fit.Iterations), reports.Select(r => r.Iteration));
        Assert.Equal(reports.Select(r => r.LowerBound), fit.LowerBoundHistory);
        Assert.Equal(fit.LowerBound, fit.LowerBoundHistory[^1]);
        Assert.InRange(fit.LowerBound - reference.LowerBound, -100 * Tolerance, 100 * Tolerance);
        Assert.Equal(reference.Model.EffectiveComponentCount(), fit.Model.EffectiveComponentCount());
    }

    /// <summary>
    /// A float32 stretch that makes no progress (its E-steps stalled under one model) is caught at the next check: the
    /// float64 bound rose since the previous check by less than 10 tolerances per iteration between them, so the fit
    /// stays in float64 to its end (four phases; without the rule the check would hand the fit back again) and
    /// converges near the float64 fit.
    /// </summary>
    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void AStretchThatDoesNotProgressKeepsTheFitInFloat64(CovarianceType type)
    {
        var reference = new BayesianGaussianMixture(Options(type) with { Precision = ComputePrecision.Double }).Fit(Data, D);
        var provider = new JitteredBackendProvider(100 * Tolerance);
        var starts = new List<int>();
        var fit = new BayesianGaussianMixture(Options(type), provider).Fit(Data, D, progress: new ImmediateProgress(r =>
        {
            if (!double.IsNaN(r.Change)) return;
            starts.Add(r.Iteration);
            if (starts.Count == 2) provider.Stalled = true; // from the first check on, float32 computes under one model
        }));

        Assert.Equal(4, starts.Count);
        Assert.True(starts[2] - starts[1] == 2 && starts[3] - starts[2] > Float64Finish.Float32IterationsBetweenChecks, $"phases start at {string.Join(", ", starts)}");
        Assert.True(fit.Converged);
        Assert.Empty(fit.Warnings);
        Assert.InRange(fit.LowerBound - reference.LowerBound, -100 * Tolerance, 100 * Tolerance);
    }

    /// <summary>
    /// All phases share MaxIterations: a fit that hands back and forth and runs out of iterations stops at MaxIterations
    /// in all, not converged, with one warning that names them, its history one value per iteration.
    /// </summary>
    [Fact]
    public void ThePhasesShareMaxIterations()
    {
        const int maxIterations = 300; // the full fit hands back several times before 300 and converges at ≈ 690
        int starts = 0;
        var fit = new BayesianGaussianMixture(Options(CovarianceType.Full, maxIterations), new JitteredBackendProvider(100 * Tolerance))
            .Fit(Data, D, progress: new ImmediateProgress(r => starts += double.IsNaN(r.Change) ? 1 : 0));

        Assert.True(starts >= 3, $"{starts} phases");
        Assert.False(fit.Converged);
        Assert.Equal(maxIterations, fit.Iterations);
        Assert.Equal(maxIterations, fit.LowerBoundHistory.Count);
        var warning = Assert.Single(fit.Warnings);
        Assert.Equal(FitWarningKind.NotConverged, warning.Kind);
        Assert.Contains($"in {maxIterations} iterations", warning.Message);
    }

    /// <summary>
    /// The finish counts its float64 point-passes across its checks (<see cref="Float64FinishFullKernel"/>): with the
    /// move after 3 × n point-passes, a finish whose checks run two float64 iterations each moves to the kernel of every
    /// form in its second check, once.
    /// </summary>
    [Fact]
    public void TheFinishCountsItsPointPassesAcrossChecks()
    {
        var options = Options(CovarianceType.Diagonal);
        var data = new InMemoryDataSource<float>(Data, D);
        var provider = new JitteredBackendProvider(100 * Tolerance);
        using var single = provider.Create<float>();
        var priors = BayesianPriors.Resolve(data, K, options.CovarianceType, null, null, null, null, null);
        var step = new VariationalStep(priors, options.WeightConcentrationPriorType, options.RegularizationCovariance);
        var warnings = new List<FitWarning>();
        var start = Initializer.Initialize(data, K, options.CovarianceType, options.Initialization, step, new Random(options.Seed), new MaximizationContext(warnings, 0));
        var run = new EmRun<float, BayesianGaussianMixtureModel>(single, data, step, start, warnings, 0);
        run.Run(options.MaxIterations, options.Tolerance, stopAtResolution: true);
        int warmUps = 0, starts = 0;

        using var finish = new Float64Finish(CpuBackendProvider.Default, () => new InMemoryDataSource<double>(Array.ConvertAll(Data, x => (double)x), D), 3L * N,
            (_, _) => { warmUps++; return Task.FromResult(true); });
        var outcome = finish.Run(step, run, single, data, options, warnings, new ImmediateProgress(r => starts += double.IsNaN(r.Change) ? 1 : 0), CancellationToken.None);

        Assert.True(run.StoppedAtResolution);
        Assert.True(starts >= 3, $"{starts} phases");
        Assert.True(outcome.Converged);
        Assert.Equal(1, warmUps);
        Assert.False(Assert.IsType<CpuEmBackend<double>>(finish.Backend).MinimalVariants);
    }
}
