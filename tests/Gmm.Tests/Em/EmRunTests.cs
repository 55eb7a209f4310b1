using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>The one EM loop (EmRun) and its M-step seam: maximum likelihood through it, and other M-steps plugged in.</summary>
public class EmRunTests
{
    private const int D = 3;

    private static readonly double[] Data = TestData.Blobs(240, D, 3, seed: 4);

    private static GaussianMixtureOptions Options(CovarianceType type) => new()
    {
        ComponentCount = 3, CovarianceType = type, Precision = ComputePrecision.Double, Seed = 2, Tolerance = 1e-8, MaxIterations = 40,
    };

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void MaximumLikelihoodRunFromTheStartingModelIsTheFit(CovarianceType type)
    {
        var options = Options(type);
        var fit = new GaussianMixture(options).Fit(Data, D);
        var source = new InMemoryDataSource<double>(Data, D);
        var start = new GaussianMixture(options).CreateStartingModel(source);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, source, new MaximumLikelihoodStep(options.RegularizationCovariance), start);
        bool converged = run.Run(options.MaxIterations, options.Tolerance);
        Assert.Equal(fit.Converged, converged);
        Assert.Equal(fit.Iterations, run.Iterations);
        Assert.Equal(fit.LowerBoundHistory, run.LowerBoundHistory);
        Assert.Equal(fit.LowerBound, run.LowerBound);
        Assert.Equal(fit.Model.Means, run.State.Means);
        Assert.Equal(fit.Model.Covariances, run.State.Covariances);
    }

    [Fact]
    public void StartingModelIsTheFitWithoutIterations()
    {
        var options = Options(CovarianceType.Full) with { Precision = ComputePrecision.Single, Initialization = InitializationMethod.Random };
        var single = TestData.ToFloat(Data);
        var fit = new GaussianMixture(options with { MaxIterations = 0 }).Fit(single, D);
        var start = new GaussianMixture(options).CreateStartingModel(new InMemoryDataSource<float>(single, D));
        Assert.Equal(fit.Model.Weights, start.Weights);
        Assert.Equal(fit.Model.Means, start.Means);
        Assert.Equal(fit.Model.Covariances, start.Covariances);
        var tooMany = new GaussianMixture(options with { ComponentCount = 300 });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tooMany.CreateStartingModel(new InMemoryDataSource<float>(single, D)));
        Assert.Contains("exceeds the number of points", error.Message);
    }

    /// <summary>
    /// An M-step other than maximum likelihood runs on the GPU backend through the same loop: the device M-step must not
    /// stand in for it, so every iteration's statistics reach it on the host, and the run follows the CPU backend's.
    /// </summary>
    [Fact]
    public void AnotherMStepGetsTheStatisticsOnTheHostOnTheGpuBackend()
    {
        var source = new InMemoryDataSource<float>(TestData.ToFloat(Data), D);
        var start = new GaussianMixture(Options(CovarianceType.Diagonal)).CreateStartingModel(source);
        var onGpu = new CountingStep(1e-6);
        using (var gpu = (GpuEmBackend<float>)GpuTestData.Provider.Create<float>())
        {
            var run = new EmRun<float, GaussianMixtureModel>(gpu, source, onGpu, start);
            for (int i = 0; i < 4; i++) run.Step();
            Assert.Equal(0, gpu.HostMStepCount); // the device stepper was never started
        }
        var onCpu = new CountingStep(1e-6);
        using var cpu = CpuBackendProvider.Default.Create<float>();
        var reference = new EmRun<float, GaussianMixtureModel>(cpu, source, onCpu, start);
        for (int i = 0; i < 4; i++) reference.Step();
        Assert.Equal(4, onGpu.Calls);
        Assert.Equal(4, onCpu.Calls);
        Near.Equal(onCpu.LogLikelihoods, onGpu.LogLikelihoods, 1e-5, 1, "E-step log-likelihoods");
    }

    /// <summary>
    /// Variational Bayes' route: an expectation model whose weights are the state's tilted by per-component constants
    /// a_k and renormalised. The backends evaluate it unchanged; the log-likelihood they report is that of the tilted
    /// constants shifted by the known n·log Z (Z = Σ π_k e^{a_k}), and the responsibilities are the tilted ones.
    /// </summary>
    [Fact]
    public void TiltedExpectationModelShiftsTheLogLikelihoodByLogZ()
    {
        var model = TestData.StartingModel(CovarianceType.Diagonal, Data, D, 3);
        double[] tilt = [0.7, -1.3, 0.2];
        var step = new TiltedStep(tilt, 1e-6);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, new InMemoryDataSource<double>(Data, D), step, model);
        run.Step();

        int n = Data.Length / D;
        double z = 0;
        for (int c = 0; c < 3; c++) z += model.Weights[c] * Math.Exp(tilt[c]);
        double expected = 0;
        var counts = new double[3];
        var logRho = new double[3];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                double logDensity = 0;
                for (int j = 0; j < D; j++)
                {
                    double variance = model.Covariances[c * D + j], e = Data[i * D + j] - model.Means[c * D + j];
                    logDensity += -0.5 * Math.Log(2 * Math.PI * variance) - 0.5 * e * e / variance;
                }
                logRho[c] = Math.Log(model.Weights[c]) + tilt[c] + logDensity;
            }
            double max = logRho.Max(), sum = logRho.Sum(v => Math.Exp(v - max)), norm = max + Math.Log(sum);
            expected += norm;
            for (int c = 0; c < 3; c++) counts[c] += Math.Exp(logRho[c] - norm);
        }
        expected -= n * Math.Log(z);
        Near.Equal(expected, step.Seen!.LogLikelihood, 1e-12, "Σ log p under the tilted model");
        Near.Equal(counts, step.Seen.ZerothOrder, 1e-10, 1e-12, "tilted responsibilities");
    }

    [Fact]
    public void NoIterationsKeepTheStartAndTheGivenLowerBound()
    {
        var model = TestData.StartingModel(CovarianceType.Spherical, Data, D, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, new InMemoryDataSource<double>(Data, D), new MaximumLikelihoodStep(1e-6), model);
        Assert.False(run.Run(0, 1e-3));
        Assert.Same(model, run.State);
        Assert.Equal(double.NegativeInfinity, run.LowerBound);
        Assert.Empty(run.Warnings);
        run.Run(0, 1e-3, previousLowerBound: -5);
        Assert.Equal(-5, run.LowerBound);
        Assert.Equal(0, run.Iterations);
    }

    [Fact]
    public void ARunThatDoesNotConvergeWarnsWithItsInitialisation()
    {
        var model = TestData.StartingModel(CovarianceType.Full, Data, D, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var warnings = new List<FitWarning>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, new InMemoryDataSource<double>(Data, D), new MaximumLikelihoodStep(1e-6), model, warnings, initialization: 2);
        var reports = new List<IterationReport>();
        Assert.False(run.Run(3, 0, progress: new Collect(reports)));
        var warning = Assert.Single(warnings);
        Assert.Equal(FitWarningKind.NotConverged, warning.Kind);
        Assert.Equal(2, warning.Initialization);
        Assert.Equal(3, warning.Iteration);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal(2, r.Initialization));
        Assert.True(double.IsNaN(reports[0].Change));
        Assert.Equal(run.LowerBoundHistory, reports.Select(r => r.LowerBound));
    }

    [Fact]
    public void ANaNLowerBoundStopsTheRunWithAnError()
    {
        var model = TestData.StartingModel(CovarianceType.Diagonal, Data, D, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = new EmRun<double, GaussianMixtureModel>(backend, new InMemoryDataSource<double>(Data, D), new NaNStep(), model);
        var error = Assert.Throws<InvalidOperationException>(() => run.Step());
        Assert.Contains("lower bound became NaN at iteration 1", error.Message);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var model = TestData.StartingModel(CovarianceType.Diagonal, Data, D, 3);
        using var backend = CpuBackendProvider.Default.Create<double>();
        var twoFeatures = new InMemoryDataSource<double>(new double[8], 2);
        var error = Assert.Throws<ArgumentException>(() => new EmRun<double, GaussianMixtureModel>(backend, twoFeatures, new MaximumLikelihoodStep(0), model));
        Assert.Equal("start", error.ParamName);
        Assert.Equal("regularizationCovariance", Assert.Throws<ArgumentOutOfRangeException>(() => new MaximumLikelihoodStep(-1)).ParamName);
        Assert.Equal("regularizationCovariance", Assert.Throws<ArgumentOutOfRangeException>(() => new MaximumLikelihoodStep(double.NaN)).ParamName);
        var run = new EmRun<double, GaussianMixtureModel>(backend, new InMemoryDataSource<double>(Data, D), new MaximumLikelihoodStep(0), model);
        Assert.Equal("maxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => run.Run(-1, 0)).ParamName);
        Assert.Equal("tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => run.Run(1, double.NaN)).ParamName);
    }

    [Fact]
    public void ContextWarnsOncePerKindComponentAndInitialisation()
    {
        var warnings = new List<FitWarning>();
        new MaximizationContext(warnings, 0, 1).WarnOnce(FitWarningKind.ComponentCollapsed, 2, "first");
        new MaximizationContext(warnings, 0, 2).WarnOnce(FitWarningKind.ComponentCollapsed, 2, "again");
        new MaximizationContext(warnings, 0, 2).WarnOnce(FitWarningKind.ComponentCollapsed, 1, "another component");
        new MaximizationContext(warnings, 1, 1).WarnOnce(FitWarningKind.ComponentCollapsed, 2, "another initialisation");
        new MaximizationContext(warnings, 1, 3).Warn(FitWarningKind.ComponentCollapsed, 2, "always");
        Assert.Equal(["first", "another component", "another initialisation", "always"], warnings.Select(w => w.Message));
        Assert.Equal((1, 3), (warnings[^1].Initialization, warnings[^1].Iteration));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaximizationContext(warnings, -1));
    }

    [Fact]
    public void ContextSaysWhetherItWantsAWarningAndADiscardingOneWantsNone()
    {
        var warnings = new List<FitWarning>();
        var context = new MaximizationContext(warnings, 0, 1);
        Assert.True(context.Wants(FitWarningKind.ComponentCollapsed, 2));
        context.WarnOnce(FitWarningKind.ComponentCollapsed, 2, "first");
        Assert.False(context.Wants(FitWarningKind.ComponentCollapsed, 2));
        Assert.True(context.Wants(FitWarningKind.ComponentCollapsed, 1));
        Assert.True(context.Wants(FitWarningKind.RegularizationIncreased, 2));
        Assert.True(new MaximizationContext(warnings, 1, 1).Wants(FitWarningKind.ComponentCollapsed, 2));

        var discarding = MaximizationContext.Discarding();
        Assert.False(discarding.Wants(FitWarningKind.ComponentCollapsed, 0));
        discarding.Warn(FitWarningKind.ComponentCollapsed, 0, "dropped");
        discarding.WarnOnce(FitWarningKind.RegularizationIncreased, 0, "dropped");
        Assert.Empty(discarding.Warnings);
        Assert.Single(warnings);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void ACollapsedComponentIsReportedOnceAcrossIterations(CovarianceType type)
    {
        // Statistics of points that sit on their components' means (no scatter): every M-step finds both collapsed,
        // and each collapse is reported once, at the first iteration.
        var warnings = new List<FitWarning>();
        var definition = CovarianceDefinition.For(type);
        int k = 2, d = 2;
        var statistics = SufficientStatistics.AboutPoint(k, type, new double[d]);
        statistics.ZerothOrder[0] = 10;
        statistics.ZerothOrder[1] = 1;
        for (int iteration = 1; iteration <= 3; iteration++)
        {
            var covariances = new double[definition.CovarianceLength(k, d)];
            definition.Estimate(statistics, [0, 1], [10, 1], 11, new double[k * d], 1e-6, covariances, new MaximizationContext(warnings, 0, iteration));
        }
        var collapsed = warnings.Where(w => w.Kind == FitWarningKind.ComponentCollapsed).ToList();
        Assert.NotEmpty(collapsed);
        Assert.Equal(collapsed.Count, collapsed.Select(w => w.Component).Distinct().Count());
        Assert.All(collapsed, w => Assert.Equal(1, w.Iteration));
    }

    /// <summary>
    /// A run that stops at its resolution (float32, resolution 0.15 nats, tol 10⁻³) stops at the first change it cannot
    /// tell from the tolerance: a rise under the resolution and under 10 tolerances as well as a fall or a change under
    /// the tolerance; a rise of 10 tolerances or more under the resolution (a slow fit's real progress) goes on; with a
    /// resolution under the tolerance every change is resolved.
    /// </summary>
    [Theory]
    [InlineData(0.15, new[] { 4e-3 }, 3, true)]          // a positive change under the resolution: rounding as likely as progress
    [InlineData(0.15, new[] { 5e-2, 5e-2, 9e-3 }, 5, true)] // 50 tolerances: a slow fit's progress, kept in float32
    [InlineData(0.15, new[] { 5e-2, -2e-2 }, 4, true)]    // a fall under the resolution
    [InlineData(0.15, new[] { 5e-4 }, 3, true)]           // under the tolerance, which the resolution is not
    [InlineData(1e-4, new[] { 4e-3, 5e-4 }, 4, false)]    // resolved: converges under the tolerance
    public void ARunStopsAtItsResolutionWhenItCannotTellTheChangeFromTheTolerance(double resolution, double[] changes, int iterations, bool stopped)
    {
        double[] bounds = [-1000, -900, .. changes.Select((_, i) => -900 + changes[..(i + 1)].Sum()), -800, -700];
        var model = TestData.StartingModel(CovarianceType.Spherical, Data, D, 3);
        using var backend = CpuBackendProvider.Default.Create<float>();
        var data = new InMemoryDataSource<float>(Array.ConvertAll(Data, x => (float)x), D);
        var run = new EmRun<float, GaussianMixtureModel>(backend, data, new ScriptedStep(bounds, resolution * (1 << 24)), model);

        bool converged = run.Run(10, 1e-3, stopAtResolution: true);

        Assert.Equal(iterations, run.Iterations);
        Assert.Equal(stopped, run.StoppedAtResolution);
        Assert.Equal(!stopped, converged);
        Assert.Equal(resolution, run.LowerBoundResolution, 1e-12);
        Assert.Empty(run.Warnings);
    }

    /// <summary>Maximum likelihood, but not the <see cref="MaximumLikelihoodStep"/> type: it counts what reaches it.</summary>
    private sealed class CountingStep(double regularization) : MaximizationStep<GaussianMixtureModel>
    {
        private readonly MaximumLikelihoodStep _inner = new(regularization);

        public int Calls { get; private set; }

        public List<double> LogLikelihoods { get; } = [];

        public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state) => state;

        public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) => _inner.Initialize(statistics, context);

        public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context)
        {
            Calls++;
            LogLikelihoods.Add(statistics.LogLikelihood);
            return _inner.Maximize(statistics, current, context);
        }
    }

    /// <summary>The state's model with weights tilted by e^{a_k}, renormalised, as the expectation model.</summary>
    private sealed class TiltedStep(double[] tilt, double regularization) : MaximizationStep<GaussianMixtureModel>
    {
        private readonly MaximumLikelihoodStep _inner = new(regularization);

        public SufficientStatistics? Seen { get; private set; }

        public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state)
        {
            var weights = new double[state.ComponentCount];
            for (int c = 0; c < weights.Length; c++) weights[c] = state.Weights[c] * Math.Exp(tilt[c]);
            double z = weights.Sum();
            for (int c = 0; c < weights.Length; c++) weights[c] /= z;
            return new GaussianMixtureModel(state.CovarianceType, weights, state.Means.ToArray(), state.Covariances.ToArray());
        }

        public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) => _inner.Initialize(statistics, context);

        public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context)
        {
            Seen = statistics;
            return _inner.Maximize(statistics, current, context);
        }
    }

    private sealed class NaNStep : MaximizationStep<GaussianMixtureModel>
    {
        public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state) => state;

        public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
            new MaximumLikelihoodStep(0).Initialize(statistics, context);

        public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context) =>
            new(current, double.NaN);
    }

    private sealed class Collect(List<IterationReport> reports) : IProgress<IterationReport>
    {
        public void Report(IterationReport value) => reports.Add(value);
    }
}
