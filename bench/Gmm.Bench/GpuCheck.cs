using Gmm.Cpu;
using Gmm.Benchmarking;
using Gmm.Gpu;

namespace Gmm.Bench;

/// <summary>
/// `gpu-check`: the GPU backend against the CPU backend on a real accelerator, for all four covariance types in
/// float32 and float64: statistics of one pass (N, F, S, log-likelihood; relative to each array's largest value:
/// 1e-4 float32, 1e-9 float64), streamed = resident, and a 3-iteration fit from the same start with the M-step on the
/// device (lower bound within 1e-4, means within 1e-3 of the CPU fit's largest), plus full and tied at d = 130 (the blocked kernels),
/// and k-means initialisation with its searches on the device against the host's (the same model, bit for bit). Prints
/// PASS/FAIL per check; exit code 1 if any failed.
/// Options: --n --d --k --preference auto|cuda|opencl|ilgpu-cpu (default cuda).
/// </summary>
internal static class GpuCheck
{
    public static int Run(string[] args)
    {
        var o = BenchArgs.Options(args);
        int n = BenchArgs.Get(o, "n", 40_000), d = BenchArgs.Get(o, "d", 39), k = BenchArgs.Get(o, "k", 24);
        var preference = AcceleratorNames.Parse(o.GetValueOrDefault("preference", AcceleratorNames.Cuda));
        Console.WriteLine($"CUDA available: {GpuBackendProvider.IsCudaAvailable()}");
        using var provider = GpuBackendProvider.Create(preference);
        Console.WriteLine($"device: {provider.DeviceDescription}; budget {provider.DeviceMemoryBudgetBytes >> 20} MiB");
        int failures = 0;
        var data = BenchData.Points(n, d, k, seed: 3);
        foreach (var type in new[] { CovarianceType.Full, CovarianceType.Tied, CovarianceType.Diagonal, CovarianceType.Spherical })
        {
            var model = Realistic(data, d, k, type);
            failures += Compare<float>(provider, model, new InMemoryDataSource<float>(data, d), 1e-4, "float32");
            var doubles = Array.ConvertAll(data, v => (double)v);
            failures += Compare<double>(provider, model, new InMemoryDataSource<double>(doubles, d), 1e-9, "float64");
            failures += Streaming(provider, preference, model, new InMemoryDataSource<float>(data, d));
            failures += Fit(provider, data, d, k, type, model);
        }
        var wide = Realistic(data, d, 130, CovarianceType.Diagonal); // three component tiles
        failures += Compare<float>(provider, wide, new InMemoryDataSource<float>(data, d), 1e-4, "float32, k=130");
        failures += Blocked(provider, preference, Math.Clamp(n, 2_000, 20_000)); // ≥ 250 points a component: non-singular 130×130 covariances
        foreach (int components in new[] { k, 130 })
        {
            failures += Initialization<float>(provider, new InMemoryDataSource<float>(data, d), components);
            failures += Initialization<double>(provider, new InMemoryDataSource<double>(Array.ConvertAll(data, v => (double)v), d), components);
        }
        Console.WriteLine(failures == 0 ? "gpu-check: ALL PASS" : $"gpu-check: {failures} FAILED");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>A model after two CPU EM iterations from random data points: non-trivial weights and covariances.</summary>
    private static GaussianMixtureModel Realistic(float[] data, int d, int k, CovarianceType type)
    {
        var model = BenchData.StartModel(data, d, k, type, seed: 11);
        using var cpu = CpuBackendProvider.Default.Create<float>();
        var run = new EmRun<float, GaussianMixtureModel>(cpu, new InMemoryDataSource<float>(data, d), new MaximumLikelihoodStep(1e-6), model);
        for (int i = 0; i < 2; i++) run.Step();
        return run.State;
    }

    /// <summary>Full and tied at d = 130: the blocked kernels (three 64-feature blocks, the last one partial).</summary>
    private static int Blocked(GpuBackendProvider provider, AcceleratorPreference preference, int n)
    {
        const int d = 130, k = 8;
        int failures = 0;
        var data = BenchData.Points(n, d, k, seed: 5);
        var doubles = Array.ConvertAll(data, v => (double)v);
        foreach (var type in new[] { CovarianceType.Full, CovarianceType.Tied })
        {
            // Well separated clusters in 130 dimensions: after EM the means are the clusters' means and F = Σ r (x − μ)
            // is rounding noise; shifted means make F a sum that does not cancel, so its comparison says something.
            var fitted = Realistic(data, d, k, type);
            var means = fitted.Means.Select(m => m + 0.25).ToArray();
            var model = new GaussianMixtureModel(type, fitted.Weights.ToArray(), means, fitted.Covariances.ToArray());
            failures += Compare<float>(provider, model, new InMemoryDataSource<float>(data, d), 1e-4, $"float32, d={d}");
            failures += Compare<double>(provider, model, new InMemoryDataSource<double>(doubles, d), 1e-9, $"float64, d={d}");
            failures += Streaming(provider, preference, model, new InMemoryDataSource<float>(data, d));
        }
        return failures;
    }

    private static int Compare<T>(GpuBackendProvider provider, GaussianMixtureModel model, IDataSource<T> data, double tolerance, string label)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var cpu = CpuBackendProvider.Default.Create<T>();
        using var gpu = provider.Create<T>();
        var expected = SufficientStatistics.For<T>(model);
        cpu.Accumulate(model, data, expected);
        var actual = SufficientStatistics.For<T>(model);
        gpu.Accumulate(model, data, actual);
        return Report($"statistics {model.CovarianceType} k={model.ComponentCount} {label}", expected, actual, tolerance);
    }

    /// <summary>Statistics of data streamed in chunks (a second provider on the same device whose memory budget is a quarter of the data) equal the resident data's.</summary>
    private static int Streaming(GpuBackendProvider provider, AcceleratorPreference preference, GaussianMixtureModel model, IDataSource<float> data)
    {
        using var small = GpuBackendProvider.Create(preference, Math.Max(1, data.Count * data.Dimension * sizeof(float) / 4));
        using var resident = provider.Create<float>();
        using var streamed = small.Create<float>();
        var expected = SufficientStatistics.For<float>(model);
        resident.Accumulate(model, data, expected);
        var actual = SufficientStatistics.For<float>(model);
        streamed.Accumulate(model, data, actual);
        string mode = streamed.Description.Split("; ").First(part => part.StartsWith("data ", StringComparison.Ordinal));
        return Report($"streamed ({mode}) = resident {model.CovarianceType}", expected, actual, 1e-5);
    }

    private static int Fit(GpuBackendProvider provider, float[] data, int d, int k, CovarianceType type, GaussianMixtureModel start)
    {
        var options = new GaussianMixtureOptions
        {
            ComponentCount = k, CovarianceType = type, MaxIterations = 3, Tolerance = 0,
            InitialParameters = InitialParameters.FromModel(start),
        };
        var cpu = new GaussianMixture(options).Fit(data, d);
        var gpu = new GaussianMixture(options, provider).Fit(data, d);
        double error = Math.Abs(cpu.LowerBound - gpu.LowerBound) / Math.Abs(cpu.LowerBound);
        double means = MaxError(cpu.Model.Means.ToArray(), gpu.Model.Means.ToArray());
        bool onDevice = gpu.Backend.Contains("M-step on the device", StringComparison.Ordinal);
        bool pass = error <= 1e-4 && means <= 1e-3 && cpu.Iterations == gpu.Iterations && onDevice;
        Console.WriteLine($"{(pass ? "PASS" : "FAIL")} fit {type} 3 iterations (M-step on the {(onDevice ? "device" : "host")}): lower bound CPU {cpu.LowerBound:R} GPU {gpu.LowerBound:R} (relative {error:E2}), means max relative error {means:E2}");
        return pass ? 0 : 1;
    }

    /// <summary>k-means initialisation with the device's searches equals the host's exactly (weights, means, covariances).</summary>
    private static int Initialization<T>(GpuBackendProvider provider, IDataSource<T> data, int k)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var options = new GaussianMixtureOptions { ComponentCount = k, CovarianceType = CovarianceType.Diagonal, Seed = 11 };
        var host = new GaussianMixture(options).CreateStartingModel(data);
        provider.InitializationOnDevice = true;
        using var backend = provider.Create<T>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var device = new GaussianMixture(options, provider).CreateStartingModel(data, backend);
        double ms = started.Elapsed.TotalMilliseconds;
        ((IMaximumLikelihoodStepper<T>)backend).Start(device, data); // ends the initialisation: its counts go into the description
        bool pass = host.WeightsSpan.SequenceEqual(device.WeightsSpan) && host.MeansSpan.SequenceEqual(device.MeansSpan)
            && host.CovariancesSpan.SequenceEqual(device.CovariancesSpan);
        string note = backend.Description[(backend.Description.LastIndexOf("; ", StringComparison.Ordinal) + 2)..];
        Console.WriteLine($"{(pass ? "PASS" : "FAIL")} k-means initialisation on the device, {typeof(T).Name} data, k={k}: model equal to the host's bit for bit; {note}; {ms:F0} ms (kernel compiled on first use)");
        return pass ? 0 : 1;
    }

    private static int Report(string label, SufficientStatistics expected, SufficientStatistics actual, double tolerance)
    {
        double n = MaxError(expected.ZerothOrder, actual.ZerothOrder), f = MaxError(expected.FirstOrder, actual.FirstOrder);
        double s = MaxError(expected.SecondOrder, actual.SecondOrder);
        double ll = Math.Abs(expected.LogLikelihood - actual.LogLikelihood) / Math.Abs(expected.LogLikelihood);
        double w = Math.Abs(expected.WeightSum - actual.WeightSum) / expected.WeightSum;
        double worst = new[] { n, f, s, ll, w }.Max();
        bool pass = worst <= tolerance && expected.PointCount == actual.PointCount && !double.IsNaN(worst);
        Console.WriteLine($"{(pass ? "PASS" : "FAIL")} {label}: max relative error N {n:E2} F {f:E2} S {s:E2} LL {ll:E2} W {w:E2} (tolerance {tolerance:E0})");
        return pass ? 0 : 1;
    }

    private static double MaxError(double[] expected, double[] actual)
    {
        double scale = Math.Max(expected.Max(Math.Abs), 1e-300), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        return worst;
    }
}
