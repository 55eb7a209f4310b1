using System.Numerics;
using Gmm;
using Gmm.Gpu;
using Gmm.Gpu.Init;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// k-means initialisation on the device (on ILGPU's CPU accelerator, the same kernel): the labels, and so the starting
/// model, must be exactly the host's.
/// </summary>
public class DeviceKMeansTests
{
    private static DeviceCenterSearch<T> Search<T>(int d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var provider = GpuTestData.Provider;
        return new DeviceCenterSearch<T>(provider.Accelerator, provider.LaunchLock, provider.NearestCenterKernel<T>(), d);
    }

    /// <summary>The host's labels: a full <see cref="NearestCenter"/> search over every row.</summary>
    private static int[] HostLabels<T>(NearestCenter nearest, T[] rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var labels = new int[rows.Length / nearest.Dimension];
        Array.Fill(labels, -1);
        nearest.ResolveUncertain<T>(rows, labels);
        return labels;
    }

    private static int[] DeviceLabels<T>(DeviceCenterSearch<T> search, NearestCenter nearest, T[] rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        search.Load(rows);
        var labels = new int[rows.Length / nearest.Dimension];
        search.Label<T>(nearest, rows, labels);
        return labels;
    }

    [Theory]
    [InlineData(1, 3, false)]
    [InlineData(5, 2, true)]
    [InlineData(13, 40, false)] // two feature slabs
    [InlineData(70, 7, true)]   // two centre tiles, the second mostly padding
    public void Labels_EqualTheHostSearch(int k, int d, bool asDouble)
    {
        int n = 200; // three full point tiles and a part
        var values = TestData.Blobs(n, d, 6, seed: k + d, offset: 30, separation: 2);
        var random = new Random(k);
        var centers = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) centers[c * d + j] = values[random.Next(n) * d + j] + 0.3 * random.NextDouble();
        var origin = new double[d];
        for (int j = 0; j < d; j++) origin[j] = 29.5 + 0.1 * j;
        var nearest = new NearestCenter(centers, k, d, origin);
        if (asDouble)
        {
            using var search = Search<double>(d);
            Assert.Equal(HostLabels(nearest, values), DeviceLabels(search, nearest, values));
        }
        else
        {
            var rows = Array.ConvertAll(values, v => (float)v);
            using var search = Search<float>(d);
            Assert.Equal(HostLabels(nearest, rows), DeviceLabels(search, nearest, rows));
            Assert.Equal(n, search.Labelled);
        }
    }

    /// <summary>Exact ties (a repeated centre, a point halfway between two) are left to the host, which takes the lowest index.</summary>
    [Fact]
    public void Ties_AreLeftToTheHost()
    {
        const int d = 2;
        double[] centers = [-1, 0, 1, 0, 5, 5, -1, 0]; // centre 3 repeats centre 0
        float[] rows = [0, 0, -1.2f, 0.1f, 0.9f, 0, 5, 4.5f, 0, 0.25f, 3, 3];
        var nearest = new NearestCenter(centers, 4, d, [0, 0]);
        using var search = Search<float>(d);
        var labels = DeviceLabels(search, nearest, rows);
        Assert.Equal(HostLabels(nearest, rows), labels);
        Assert.Equal(0, labels[1]); // nearest the repeated centre: the lower index, as the host
        Assert.True(search.Uncertain >= 3, $"only {search.Uncertain} points were left to the host"); // (0,0), (−1.2,0.1), (0,0.25)
        Assert.True(search.Uncertain < rows.Length / d, "every point was left to the host");
    }

    /// <summary>
    /// Near-ties far from the origin, where float32 rounding decides the host's label (the true gap is far below one
    /// ulp of the scores): the device must not trust its own rounding there, and leaves every such point to the host.
    /// </summary>
    [Fact]
    public void NearTiesFarFromTheOrigin_AreLeftToTheHost()
    {
        const int variants = 200;
        using var search = Search<float>(1);
        for (int variant = 0; variant < variants; variant++)
        {
            double p = 1000.3 + variant * 0.0137, eps = 1e-5 * (1 + variant % 7);
            double[] centers = [p - 3 * (1 - eps), p + 3 * (1 + eps), -p];
            float[] rows = [(float)p, (float)-p, (float)(p - 40)];
            var nearest = new NearestCenter(centers, 3, 1, [0.0]);
            Assert.Equal(HostLabels(nearest, rows), DeviceLabels(search, nearest, rows));
        }
        Assert.Equal(variants, search.Uncertain); // the first point of every variant, and no other
    }

    /// <summary>
    /// The same near-ties with the best and second-best centres in different threads of the group (centres 0 and 4: the
    /// threads' results are merged through shared memory): the merged second-best must still see the tie.
    /// </summary>
    [Fact]
    public void NearTiesAcrossThreads_AreLeftToTheHost()
    {
        const int variants = 300;
        using var search = Search<float>(1);
        for (int variant = 0; variant < variants; variant++)
        {
            double p = 1000.3 + variant * 0.0137, eps = 1e-5 * (1 + variant % 7);
            double[] centers = [p - 3 * (1 - eps), -500, -600, -700, p + 3 * (1 + eps), -800, -900, -1000];
            float[] rows = [(float)p];
            var nearest = new NearestCenter(centers, 8, 1, [0.0]);
            Assert.Equal(HostLabels(nearest, rows), DeviceLabels(search, nearest, rows));
        }
        Assert.Equal(variants, search.Uncertain);
    }

    /// <summary>
    /// A centre whose float32 norm overflows gives every point a lone +∞ score in another thread than its best centre:
    /// never trusted (the thread's "leave it to the host" must survive the merge).
    /// </summary>
    [Fact]
    public void InfiniteScoreInAnotherThread_IsLeftToTheHost()
    {
        const int d = 3;
        double[] centers = [0, 0, 0, 5, 5, 5, -5, 0, 0, 0, 9, 0, 1e20, 0, 0, 7, 7, 7, 0, -8, 0, 3, 3, -3];
        float[] rows = [0.1f, 0.2f, 0.3f, 4, 5, 6, -4, 0, 1, 0, 8, 0, 6, 7, 8];
        var nearest = new NearestCenter(centers, 8, d, [0, 0, 0]);
        using var search = Search<float>(d);
        Assert.Equal(HostLabels(nearest, rows), DeviceLabels(search, nearest, rows));
        Assert.Equal(rows.Length / d, search.Uncertain);
    }

    /// <summary>Scores that overflow float32 are never trusted on the device.</summary>
    [Fact]
    public void NonFiniteScores_AreLeftToTheHost()
    {
        const int d = 3;
        double[] centers = [0, 0, 0, 1e20, 0, 0, -1e20, 1, 0];
        float[] rows = [3e38f, 0, 0, 1, 2, 3, -3e38f, 3e38f, 1];
        var nearest = new NearestCenter(centers, 3, d, [0, 0, 0]);
        using var search = Search<float>(d);
        Assert.Equal(HostLabels(nearest, rows), DeviceLabels(search, nearest, rows));
        Assert.True(search.Uncertain >= 2);
    }

    public static TheoryData<CovarianceType> Types => [CovarianceType.Full, CovarianceType.Tied, CovarianceType.Diagonal, CovarianceType.Spherical];

    [Theory]
    [MemberData(nameof(Types))]
    public void Initialize_OnTheDevice_EqualsTheHostBitForBit(CovarianceType type)
    {
        int n = 420, d = 3, k = 5;
        var values = Array.ConvertAll(TestData.Blobs(n, d, 5, seed: 4, offset: -12), v => (float)v);
        var weights = new float[n];
        for (int i = 0; i < n; i++) weights[i] = i % 9 == 4 ? 0 : 0.5f + (i % 5) * 0.25f;
        var data = new SmallChunkSource<float>(new InMemoryDataSource<float>(values, d, weights), 100); // several chunks in the last pass
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = type, Seed = 3 };
        var host = Initializer.StartingModel(data, options, new MaximumLikelihoodStep(options.RegularizationCovariance), new Random(3), new MaximizationContext([]));
        using var backend = GpuTestData.Provider.CreateBackend<float>(1L << 30);
        var device = Initializer.StartingModel(data, options, new MaximumLikelihoodStep(options.RegularizationCovariance), new Random(3), new MaximizationContext([]), backend);
        Assert.Equal(host.WeightsArray, device.WeightsArray);
        Assert.Equal(host.MeansArray, device.MeansArray);
        Assert.Equal(host.CovariancesArray, device.CovariancesArray);
    }

    [Fact]
    public void Initialize_OnTheDevice_DoubleData_EqualsTheHost()
    {
        int n = 300, d = 4, k = 6;
        var data = new InMemoryDataSource<double>(TestData.Blobs(n, d, 6, seed: 8, offset: 40), d);
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Diagonal, Seed = 1 };
        var host = Initializer.StartingModel(data, options, new MaximumLikelihoodStep(options.RegularizationCovariance), new Random(1), new MaximizationContext([]));
        using var backend = GpuTestData.Provider.CreateBackend<double>(1L << 30);
        var device = Initializer.StartingModel(data, options, new MaximumLikelihoodStep(options.RegularizationCovariance), new Random(1), new MaximizationContext([]), backend);
        Assert.Equal(host.MeansArray, device.MeansArray);
        Assert.Equal(host.CovariancesArray, device.CovariancesArray);
    }

    /// <summary>A fit through the shared EM loop uses the device for initialisation when the backend says so, and says it did.</summary>
    [Fact]
    public void Fit_InitialisesOnTheDevice_WhenTheBackendIsSetTo()
    {
        int n = 256, d = 2, k = 3;
        var values = Array.ConvertAll(TestData.Blobs(n, d, 3, seed: 2), v => (float)v);
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Diagonal, Seed = 5, MaxIterations = 3 };
        var onDevice = new GaussianMixture(options, new DeviceInitProvider(true)).Fit(values, d);
        var onHost = new GaussianMixture(options, new DeviceInitProvider(false)).Fit(values, d);
        Assert.Contains("k-means initialisation on the device (", onDevice.Backend, StringComparison.Ordinal);
        Assert.DoesNotContain("initialisation on the device", onHost.Backend, StringComparison.Ordinal);
        Assert.Equal(onHost.LowerBoundHistory[0], onDevice.LowerBoundHistory[0], 12); // the same start, so the same first E-step
        Assert.Equal(!GpuTestData.OnCpuAccelerator, GpuTestData.Provider.InitializationOnDevice); // CPU accelerator: the host is faster
    }

    /// <summary>
    /// The last labelling pass uploads the data where the fit keeps it, so a fit initialised on the device reads its
    /// source no more often than one initialised on the host (whose first iteration uploads it).
    /// </summary>
    [Fact]
    public void Fit_WithDeviceInitialization_ReadsTheDataNoMoreOften()
    {
        int n = 300, d = 2, k = 4;
        var values = Array.ConvertAll(TestData.Blobs(n, d, 4, seed: 6), v => (float)v);
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Full, Seed = 2, MaxIterations = 2, InMemoryLimitBytes = 0 }; // the fit reads the counted source itself
        var onDevice = new CountingDataSource<float>(new InMemoryDataSource<float>(values, d));
        var onHost = new CountingDataSource<float>(new InMemoryDataSource<float>(values, d));
        var deviceFit = new GaussianMixture(options, new DeviceInitProvider(true)).Fit(onDevice);
        var hostFit = new GaussianMixture(options, new DeviceInitProvider(false)).Fit(onHost);
        Assert.Contains("0 near-ties", deviceFit.Backend, StringComparison.Ordinal);
        Assert.Equal(onHost.Enumerations, onDevice.Enumerations);
        Assert.Equal(hostFit.LowerBoundHistory[0], deviceFit.LowerBoundHistory[0], 12);
    }

    /// <summary>
    /// Several initialisations in one fit, and data that streams (the last pass then labels on the host): the fit
    /// with the device's searches follows the host-initialised fit exactly.
    /// </summary>
    [Theory]
    [InlineData(1L << 30)]
    [InlineData(1L)]
    public void Fit_WithSeveralInitialisations_FollowsTheHostInitialisedFit(long budget)
    {
        int n = 240, d = 3, k = 4;
        var values = Array.ConvertAll(TestData.Blobs(n, d, 4, seed: 12, offset: 7), v => (float)v);
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Tied, Seed = 9, MaxIterations = 2, InitializationCount = 3 };
        var onDevice = new GaussianMixture(options, new DeviceInitProvider(true, budget)).Fit(values, d);
        var onHost = new GaussianMixture(options, new DeviceInitProvider(false, budget)).Fit(values, d);
        Assert.Equal(onHost.LowerBoundHistory, onDevice.LowerBoundHistory);
        Assert.Equal(onHost.Model.MeansArray, onDevice.Model.MeansArray);
        Assert.Contains("k-means initialisation on the device (", onDevice.Backend, StringComparison.Ordinal);
    }

    /// <summary>Backends on the shared CPU-accelerator provider with initialisation on the device switched on or off.</summary>
    private sealed class DeviceInitProvider(bool onDevice, long budget = 1L << 30) : IEmBackendProvider
    {
        public string Name => "ilgpu-cpu";

        public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var backend = GpuTestData.Provider.CreateBackend<T>(budget);
            backend.InitializationOnDevice = onDevice;
            return backend;
        }
    }
}
