using System.Numerics;
using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The M-step on the device (ILGPU's CPU accelerator) against the shared host M-step on the same statistics.</summary>
public class DeviceMStepTests
{
    private const double Regularization = 1e-6;

    [Theory]
    [MemberData(nameof(TestData.TypesInBothPrecisions), MemberType = typeof(TestData))]
    public void DeviceMStepGivesTheHostModel(CovarianceType type, bool inDouble)
    {
        if (inDouble) Compare<double>(type, 1e-10);
        else Compare<float>(type, 1e-6);
    }

    [Fact]
    public void DeviceMStepBeyondSixtyFourFeaturesGivesTheHostModel() =>
        // d = 65: k padded factors of stride 128 (the blocked E-step kernels' layout) written by the device M-step.
        Compare<float>(CovarianceType.Full, 1e-6, d: 65, n: 200);

    /// <summary>Three iterations with the M-step on the device and three with it on the host, from the same start.</summary>
    private static void Compare<T>(CovarianceType type, double tolerance, int d = 4, int n = 120) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var start = GpuTestData.Model(type, 3, d, seed: 21);
        var data = new InMemoryDataSource<T>(GpuTestData.Points<T>(start, n, seed: 22), d);
        var (deviceModel, deviceBounds, deviceHostSteps) = Run(start, data, onDevice: true, iterations: 3);
        var (hostModel, hostBounds, hostSteps) = Run(start, data, onDevice: false, iterations: 3);
        Assert.Equal(0, deviceHostSteps); // nothing degenerate: every M-step stayed on the device
        Assert.Equal(3, hostSteps); // and the comparison really ran the host M-step
        Near.Equal(hostBounds, deviceBounds, tolerance, 1, "lower bound");
        Near.Equal(hostModel.Weights, deviceModel.Weights, tolerance, 1e-3, "weights");
        Near.Equal(hostModel.Means, deviceModel.Means, tolerance, 1, "means");
        Near.Equal(hostModel.Covariances, deviceModel.Covariances, tolerance, 1e-2, "covariances");
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void StreamedDataGivesTheResidentModel(CovarianceType type)
    {
        var start = GpuTestData.Model(type, 3, 4, seed: 28);
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(start, 200, seed: 29), 4);
        var resident = Run(start, data, onDevice: true, iterations: 2);
        var streamed = Run(start, data, onDevice: true, iterations: 2, budgetBytes: 1);
        Near.Equal(resident.Bounds, streamed.Bounds, 1e-6, 1, "lower bound");
        Near.Equal(resident.Model.Means, streamed.Model.Means, 1e-5, 1, "means");
        Near.Equal(resident.Model.Covariances, streamed.Model.Covariances, 1e-4, 1e-2, "covariances");
    }

    [Fact]
    public void ModelBeforeAnyStepIsTheStartAndStaysAfterReading()
    {
        var start = GpuTestData.Model(CovarianceType.Diagonal, 2, 3, seed: 23);
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(start, 40, seed: 24), 3);
        using var backend = (GpuEmBackend<float>)GpuTestData.Provider.Create<float>();
        IMaximumLikelihoodStepper<float> stepper = backend;
        stepper.Start(start, data);
        Assert.Same(start, stepper.Model);
        stepper.Step(Regularization, _ => throw new Xunit.Sdk.XunitException("the host M-step ran"));
        var first = stepper.Model;
        Assert.Same(first, stepper.Model); // downloaded once
        var (logLikelihood, weightSum) = stepper.Step(Regularization, _ => throw new Xunit.Sdk.XunitException("the host M-step ran"));
        Assert.Equal(40, weightSum, 6);
        Assert.True(double.IsFinite(logLikelihood));
        var second = stepper.Model;
        Assert.NotSame(first, second);
        // A pass of its own in between (it overwrites the device's layouts) leaves the fit's model intact.
        GpuTestData.Pass(backend, start, data);
        Assert.Same(second, stepper.Model);
        var (afterPass, _) = stepper.Step(Regularization, _ => throw new Xunit.Sdk.XunitException("the host M-step ran"));
        using var reference = (GpuEmBackend<float>)GpuTestData.Provider.Create<float>();
        IMaximumLikelihoodStepper<float> plain = reference;
        plain.Start(second, data);
        Assert.Equal(plain.Step(Regularization, _ => throw new Xunit.Sdk.XunitException("the host M-step ran")).LogLikelihood, afterPass, 6);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void DroppedComponentGoesThroughTheHostMStepAsOnTheCpu(CovarianceType type)
    {
        // The points come from components 0 and 2 of the start; component 1 starts far from all of them.
        var start = GpuTestData.Model(type, 3, 3, seed: 25, separation: 12);
        var means = start.Means.ToArray();
        // float64: the far component pulls the statistics' center 3·10⁴ away, which float32 tied scatter cannot afford.
        var points = GpuTestData.Points<double>(start, 90, seed: 27, components: [0, 2]);
        for (int j = 0; j < 3; j++) means[3 + j] = 1e5;
        var far = new InitialParameters(start.Weights.ToArray(), means, start.ComputePrecisions());
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 3, CovarianceType = type, MaxIterations = 4, Tolerance = 0, InitialParameters = far,
            Precision = ComputePrecision.Double,
        };
        var cpu = new GaussianMixture(options, new CpuBackendProvider(1)).Fit(points, 3);
        var gpu = new GaussianMixture(options, GpuTestData.Provider).Fit(points, 3);
        Assert.Equal(2, gpu.Model.ComponentCount);
        Assert.Equal(Describe(cpu.Warnings), Describe(gpu.Warnings));
        Near.Equal(cpu.LowerBoundHistory, gpu.LowerBoundHistory, 1e-9, 1, "lower bound");
        Near.Equal(cpu.Model.Means, gpu.Model.Means, 1e-9, 1, "means");
        Near.Equal(cpu.Model.Covariances, gpu.Model.Covariances, 1e-8, 1e-3, "covariances");
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void CollapseWarningsMatchTheCpuBackend(CovarianceType type)
    {
        // A cloud and one isolated point that the second component ends up owning alone.
        var data = TestData.Blobs(40, 3, 1, seed: 9).Concat([50.0, 50.0, 50.0]).ToArray();
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 2, CovarianceType = type, MaxIterations = 8, Initialization = InitializationMethod.KMeans,
        };
        var cpu = new GaussianMixture(options, new CpuBackendProvider(1)).Fit(data, 3);
        var gpu = new GaussianMixture(options, GpuTestData.Provider).Fit(data, 3);
        if (type != CovarianceType.Tied) Assert.Contains(cpu.Warnings, w => w.Kind == FitWarningKind.ComponentCollapsed);
        Assert.Equal(Describe(cpu.Warnings), Describe(gpu.Warnings));
        Near.Equal(cpu.Model.Covariances, gpu.Model.Covariances, 1e-3, 1e-6, "covariances");
    }

    [Fact]
    public void AFailedHostMStepLeavesNoHalfWrittenModel()
    {
        var start = GpuTestData.Model(CovarianceType.Diagonal, 2, 3, seed: 23);
        var data = new InMemoryDataSource<float>(GpuTestData.Points<float>(start, 40, seed: 24), 3);
        using var backend = (GpuEmBackend<float>)GpuTestData.Provider.Create<float>();
        IMaximumLikelihoodStepper<float> stepper = backend;
        stepper.Start(start, data);
        stepper.Step(Regularization, _ => throw new Xunit.Sdk.XunitException("the host M-step ran"));
        // reg_covar 1e5: every variance sits on the collapse floor, the device flags it, and the host M-step fails.
        Assert.Throws<InvalidOperationException>(() => stepper.Step(1e5, _ => throw new InvalidOperationException("host M-step failed")));
        Assert.Throws<InvalidOperationException>(() => stepper.Model);
        Assert.Throws<InvalidOperationException>(() => stepper.Step(Regularization, _ => throw new Xunit.Sdk.XunitException("the host M-step ran")));
        stepper.Start(start, data); // a new start recovers
        Assert.Same(start, stepper.Model);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void RestartsAndWarmStartMatchTheCpuBackend(CovarianceType type)
    {
        var data = TestData.Blobs(150, 3, 3, seed: 5);
        var options = new GaussianMixtureOptions
        {
            ComponentCount = 3, CovarianceType = type, MaxIterations = 12, InitializationCount = 3, Seed = 7,
            Precision = ComputePrecision.Double, Tolerance = 1e-12,
        };
        var cpuReports = new List<IterationReport>();
        var gpuReports = new List<IterationReport>();
        new GaussianMixture(options, new CpuBackendProvider(1)).Fit(data, 3, null, new Progress(cpuReports));
        new GaussianMixture(options, GpuTestData.Provider).Fit(data, 3, null, new Progress(gpuReports));
        Assert.Equal(cpuReports.Select(r => r.Initialization), gpuReports.Select(r => r.Initialization));
        Near.Equal(cpuReports.Select(r => r.LowerBound).ToArray(), gpuReports.Select(r => r.LowerBound).ToArray(), 1e-9, 1, "lower bounds of every restart");

        var warm = options with { WarmStart = true, MaxIterations = 4, Tolerance = 0, InitializationCount = 1 };
        var cpuMixture = new GaussianMixture(warm, new CpuBackendProvider(1));
        var gpuMixture = new GaussianMixture(warm, GpuTestData.Provider);
        cpuMixture.Fit(data, 3);
        gpuMixture.Fit(data, 3);
        var cpu = cpuMixture.Fit(data, 3);
        var gpu = gpuMixture.Fit(data, 3);
        Near.Equal(cpu.LowerBoundHistory, gpu.LowerBoundHistory, 1e-9, 1, "warm-started lower bound");
        Near.Equal(cpu.Model.Covariances, gpu.Model.Covariances, 1e-7, 1e-3, "warm-started covariances");
    }

    /// <summary>Collects reports synchronously (System.Progress posts to the thread pool).</summary>
    private sealed class Progress(List<IterationReport> reports) : IProgress<IterationReport>
    {
        public void Report(IterationReport value) => reports.Add(value);
    }

    private static string[] Describe(IEnumerable<FitWarning> warnings) =>
        warnings.Select(w => $"{w.Kind} init {w.Initialization} iteration {w.Iteration} component {w.Component}").ToArray();

    private static (GaussianMixtureModel Model, List<double> Bounds, int HostSteps) Run<T>(GaussianMixtureModel start,
        IDataSource<T> data, bool onDevice, int iterations, long budgetBytes = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var backend = budgetBytes > 0 ? GpuTestData.Provider.CreateBackend<T>(budgetBytes) : (GpuEmBackend<T>)GpuTestData.Provider.Create<T>();
        backend.MStepOnDevice = onDevice;
        IMaximumLikelihoodStepper<T> stepper = backend;
        stepper.Start(start, data);
        var bounds = new List<double>();
        var warnings = new List<FitWarning>();
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            var (logLikelihood, weightSum) = stepper.Step(Regularization, s => new MaximumLikelihoodStep(Regularization).Estimate(s, new MaximizationContext(warnings, 0, iteration)));
            bounds.Add(logLikelihood / weightSum);
        }
        Assert.Empty(warnings);
        Assert.Equal(budgetBytes > 0, backend.Streamed);
        return (stepper.Model, bounds, backend.HostMStepCount);
    }
}
