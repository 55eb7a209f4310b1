using Gmm;
using Gmm.Gpu;

namespace Gmm.Tests.Gpu;

/// <summary>Small random mixtures and points for the GPU-vs-CPU comparisons (ILGPU's CPU accelerator is slow: keep n tiny).</summary>
internal static class GpuTestData
{
    private static readonly Lazy<GpuBackendProvider> SharedProvider = new(() => GpuBackendProvider.Create(Accelerator));

    /// <summary>
    /// The accelerator the GPU tests run on: ILGPU's CPU accelerator, unless the environment variable
    /// GMM_TEST_ACCELERATOR names another (ilgpu-cpu, opencl or cuda), to run the same tests on a real device.
    /// </summary>
    public static AcceleratorPreference Accelerator { get; } =
        (Environment.GetEnvironmentVariable("GMM_TEST_ACCELERATOR") ?? "").Trim().ToLowerInvariant() switch
        {
            "" => AcceleratorPreference.IlgpuCpu,
            var name when name != AcceleratorNames.Auto && AcceleratorNames.TryParse(name, out var preference) => preference,
            var other => throw new InvalidOperationException($"GMM_TEST_ACCELERATOR={other}: expected {string.Join(", ", AcceleratorNames.Devices)}."),
        };

    /// <summary>True when the tests run on ILGPU's CPU accelerator (the default; CI).</summary>
    public static bool OnCpuAccelerator => Accelerator == AcceleratorPreference.IlgpuCpu;

    /// <summary>One provider for all GPU tests (kernels compile once), on <see cref="Accelerator"/>.</summary>
    public static GpuBackendProvider Provider => SharedProvider.Value;

    /// <summary>A random model of the given shape whose components sit around <paramref name="offset"/>.</summary>
    public static GaussianMixtureModel Model(CovarianceType type, int k, int d, int seed, double offset = 50, double separation = 4)
    {
        var random = new Random(seed);
        var weights = new double[k];
        for (int c = 0; c < k; c++) weights[c] = 0.5 + random.NextDouble();
        double total = weights.Sum();
        for (int c = 0; c < k; c++) weights[c] /= total;
        var means = new double[k * d];
        for (int i = 0; i < means.Length; i++) means[i] = offset + separation * Normal(random);
        double[] covariances;
        switch (type)
        {
            case CovarianceType.Diagonal:
                covariances = new double[k * d];
                for (int i = 0; i < covariances.Length; i++) covariances[i] = 0.5 + 2 * random.NextDouble();
                break;
            case CovarianceType.Spherical:
                covariances = new double[k];
                for (int i = 0; i < k; i++) covariances[i] = 0.5 + 2 * random.NextDouble();
                break;
            case CovarianceType.Tied:
                covariances = SymmetricPositiveDefinite(d, random);
                break;
            default:
                covariances = new double[k * d * d];
                for (int c = 0; c < k; c++) SymmetricPositiveDefinite(d, random).CopyTo(covariances, c * d * d);
                break;
        }
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    /// <summary>n points drawn near the means of the model's <paramref name="components"/> (all when null), within a few units, row-major.</summary>
    public static T[] Points<T>(GaussianMixtureModel model, int n, int seed, int[]? components = null) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int k = model.ComponentCount, d = model.Dimension;
        var data = new T[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = components is null ? random.Next(k) : components[random.Next(components.Length)];
            for (int j = 0; j < d; j++) data[i * d + j] = T.CreateTruncating(model.Means[c * d + j] + 1.5 * Normal(random));
        }
        return data;
    }

    /// <summary>Statistics of one pass of <paramref name="backend"/>.</summary>
    public static SufficientStatistics Pass<T>(IEmBackend<T> backend, GaussianMixtureModel model, IDataSource<T> data)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var statistics = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, data, statistics);
        return statistics;
    }

    private static double[] SymmetricPositiveDefinite(int d, Random random)
    {
        var a = new double[d * d];
        for (int i = 0; i < a.Length; i++) a[i] = 0.4 * Normal(random);
        var result = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double sum = i == j ? 1.0 : 0.0;
                for (int l = 0; l < d; l++) sum += a[i * d + l] * a[j * d + l];
                result[i * d + j] = sum;
            }
        return result;
    }

    public static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
