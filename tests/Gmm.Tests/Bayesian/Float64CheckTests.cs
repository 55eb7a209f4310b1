using Gmm.Cpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// The float64 finish of a float32 variational fit is a check that hands a certified rise back to float32
/// (<see cref="Float64Finish.Run"/>; docs/architecture.md, "Convergence of a float32 variational fit"). A small fit is
/// made to hand over in a creep, as a 10⁶-point one does: 5,000 points (d = 8) from eight heavily overlapping clusters
/// (a Dirichlet-process fit whose bound creeps by more than 10 tol per iteration for many iterations before it
/// converges) at tol 10⁻⁵, with the float32 bound moved by up to 100 tolerances per E-step
/// (<see cref="JitteredBackendProvider"/>: rounding noise that hides the creep's rises, while the float64 check sees
/// them exactly). The float32 statistics are computed point by point in float64, so the noise is the jitter's alone and
/// the phases are the same on every machine, whatever its SIMD width. Each run of the fit (float32, a float64 check,
/// float32 again, …) reports its first iteration with no change (NaN), which is how the tests see the phases.
/// </summary>
public class Float64CheckTests
{
    private const int D = 8, K = 8, N = 5_000;
    private const double Tolerance = 1e-5;

    /// <summary>A MaxIterations that falls inside a float32 stretch of the full fit (which converges much later; the phases are machine-independent).</summary>
    private const int MaxIterationsInAStretch = 300;

    /// <summary>The points and tolerance of the GPU case.</summary>
    private const int GpuPoints = 500;
    private const double GpuTolerance = 1e-6;

    private static readonly float[] Data = TestData.SphericalClusters(N, D, 8, spread: 1, seed: 7);

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
    /// The same on the GPU backend (ILGPU's CPU accelerator, which is slow: the first <see cref="GpuPoints"/> points at
    /// tol <see cref="GpuTolerance"/>, the jitter 100 of them on the GPU backend's float32 statistics): the check hands
    /// back to the GPU's float32 backend at least once, and the fit converges in a float64 check near the float64 fit
    /// (the CPU's: the same values to rounding, in a fraction of the time).
    /// </summary>
    [Fact]
    public void ACheckHandsBackOnTheGpuBackend()
    {
        var data = Data[..(GpuPoints * D)];
        var options = Options(CovarianceType.Spherical, maxIterations: 300) with { Tolerance = GpuTolerance };
        var reference = new BayesianGaussianMixture(options with { Precision = ComputePrecision.Double }).Fit(data, D);
        var starts = new List<int>();
        var fit = new BayesianGaussianMixture(options, new JitteredBackendProvider(100 * GpuTolerance, GpuTestData.Provider))
            .Fit(data, D, progress: new ImmediateProgress(r => { if (double.IsNaN(r.Change)) starts.Add(r.Iteration); }));

        Assert.True(reference.Converged);
        Assert.True(fit.Converged);
        Assert.True(starts.Count >= 4 && starts.Count % 2 == 0, $"phases start at {string.Join(", ", starts)}");
        Assert.Empty(fit.Warnings);
        Assert.InRange(fit.LowerBound - reference.LowerBound, -100 * GpuTolerance, 100 * GpuTolerance);
    }

    /// <summary>
    /// All phases share MaxIterations, and the fit's last iteration is a float64 one: a fit that hands back and forth and
    /// reaches MaxIterations inside a float32 stretch stops that stretch one iteration early, without a warning of its
    /// own, and a check runs the last iteration (no float32 E-step between the last two reports), so the final bound is
    /// float64's: here the float32 statistics are float64's but for the jitter on the bound, so the fit's states are the
    /// float64 fit's and its final bound is that fit's to rounding, far under the jitter. The fit is not converged, with
    /// one warning that names MaxIterations in all, its history one value per iteration.
    /// </summary>
    [Fact]
    public void ThePhasesShareMaxIterationsAndTheLastIterationIsFloat64()
    {
        const int maxIterations = MaxIterationsInAStretch;
        var reference = new BayesianGaussianMixture(Options(CovarianceType.Full, maxIterations) with { Precision = ComputePrecision.Double }).Fit(Data, D);
        var provider = new JitteredBackendProvider(100 * Tolerance);
        var starts = new List<int>();
        var float32Steps = new List<int>();
        var fit = new BayesianGaussianMixture(Options(CovarianceType.Full, maxIterations), provider).Fit(Data, D, progress: new ImmediateProgress(r =>
        {
            float32Steps.Add(provider.Float32Steps);
            if (double.IsNaN(r.Change)) starts.Add(r.Iteration);
        }));

        Assert.True(starts.Count >= 4 && starts.Count % 2 == 0, $"phases start at {string.Join(", ", starts)}");
        Assert.Equal(maxIterations, starts[^1]); // a check of the one iteration left, after a stretch stopped one early
        Assert.Equal(float32Steps[^2], float32Steps[^1]);
        Assert.InRange(fit.LowerBound - reference.LowerBound, -1e-3 * Tolerance, 1e-3 * Tolerance);
        Assert.False(fit.Converged);
        Assert.Equal(maxIterations, fit.Iterations);
        Assert.Equal(maxIterations, fit.LowerBoundHistory.Count);
        var warning = Assert.Single(fit.Warnings);
        Assert.Equal(FitWarningKind.NotConverged, warning.Kind);
        Assert.Contains($"in {maxIterations} iterations", warning.Message);
    }

    /// <summary>
    /// The safety rule (<see cref="Float64Finish.Float32Progressed"/>) measures the stretch by the rise from the previous
    /// check's last bound to this check's first, over the iterations between them: with tol 10⁻³ (10 tol = 0.01 per
    /// iteration) and the previous check ending at iteration 100, a stretch to 150 needs the check's first bound
    /// (iteration 151) 0.51 above, whatever the check's later iterations did (a check that ran long in [tol, 10 tol)
    /// before it certified a rise used to dilute the rate). A first check hands back whatever its bound.
    /// </summary>
    [Theory]
    [InlineData(0.52, true)]
    [InlineData(0.50, false)]
    public void TheSafetyRuleMeasuresTheStretchToTheChecksFirstBound(double rise, bool progressed)
    {
        Assert.Equal(progressed, Float64Finish.Float32Progressed((-1000.0, 100), 150, -1000.0 + rise, 1e-3));
        Assert.True(Float64Finish.Float32Progressed(null, 150, double.NegativeInfinity, 1e-3));
    }

    /// <summary>
    /// The finish counts its float64 point-passes across its checks (<see cref="Float64FinishFullKernel"/>): with the
    /// move after 3 × n point-passes, a finish whose first check runs two float64 iterations starts the warm-up of the
    /// kernel of every form at the first iteration of its second check (the third run the finish reports: check,
    /// float32 stretch, check), once, and moves to that kernel.
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
        var starts = new List<int>();
        var runsAtWarmUp = new List<int>();

        using var finish = new Float64Finish(CpuBackendProvider.Default, () => new InMemoryDataSource<double>(Array.ConvertAll(Data, x => (double)x), D), 3L * N,
            (_, _) => { runsAtWarmUp.Add(starts.Count); return Task.FromResult(true); });
        var outcome = finish.Run(step, run, single, data, options, warnings, new ImmediateProgress(r =>
        {
            if (double.IsNaN(r.Change)) starts.Add(r.Iteration);
        }), CancellationToken.None);

        Assert.True(run.StoppedAtResolution);
        Assert.True(starts.Count >= 3, $"phases start at {string.Join(", ", starts)}");
        Assert.Equal(starts[1] - 2, starts[0]); // the first check ran two iterations
        Assert.Equal([3], runsAtWarmUp);
        Assert.True(outcome.Converged);
        Assert.False(Assert.IsType<CpuEmBackend<double>>(finish.Backend).MinimalVariants);
    }
}
