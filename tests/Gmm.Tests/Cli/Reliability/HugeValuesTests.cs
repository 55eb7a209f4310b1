using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §3: finite data too large for float32's sums of squares (1e20 in the issue) is refused up front with one
/// error naming the cause and the remedy, the same way for every covariance type and backend; data within the limit
/// fits everywhere, even at the limit's worst (points at ±limit).
/// </summary>
public sealed class HugeValuesTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> TypeNames() => ["full", "tied", "diag", "spherical"];

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Float32DataTimes1e20_IsRefusedWithTheRemedy(string type)
    {
        string data = _cli.WriteNpy("e20.npy", [.. CliHarness.Blobs(200, 3).Select(v => v * 1e20)], [200, 3], single: true);
        var (code, _, error) = _cli.Run("fit", data, "-k", "4", "-c", type, "-q", "-o", _cli.PathOf("m.json"));
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("e20.npy: data value", error);
        Assert.Contains("is too large for a float32 fit", error);
        Assert.Contains("--precision double and --init kmeans++", error);
        Assert.DoesNotContain("NaN or Inf", error);
        Assert.Empty(_cli.OtherFiles("e20.npy"));
        // The remedy works: float64 throughout, and a start that does not compare distances in float32.
        var fixedRun = _cli.Run("fit", data, "-k", "4", "-c", type, "-q", "--precision", "double", "--init", "kmeans++", "-o", _cli.PathOf("m.json"));
        Assert.True(fixedRun.Code == 0, fixedRun.Err);
        Assert.DoesNotContain("warning", fixedRun.Err);
    }

    [Fact]
    public void AFloat64KMeansStartOnHugeData_IsRefusedRatherThanDegenerate()
    {
        string data = _cli.WriteNpy("e20.npy", [.. CliHarness.Blobs(200, 3).Select(v => v * 1e20)], [200, 3], single: false);
        var (code, _, error) = _cli.Run("fit", data, "-k", "2", "-q", "--precision", "double");
        Assert.Equal(2, code);
        Assert.Contains("too large for k-means initialisation", error);
        Assert.Contains("--init kmeans++", error);
    }

    public static TheoryData<CovarianceType, string> TypesAndBackends()
    {
        var data = new TheoryData<CovarianceType, string>();
        foreach (var type in TestData.AllTypes)
            foreach (var backend in new[] { "cpu", "ilgpu-cpu" }) data.Add(type, backend);
        return data;
    }

    /// <summary>Points at ±(the limit) in every feature: the largest squared differences the limit allows.</summary>
    [Theory]
    [MemberData(nameof(TypesAndBackends))]
    public void AtTheLimitEveryBackendFits_BeyondItEveryBackendRefuses(CovarianceType type, string backendName)
    {
        const int n = 512, d = 3;
        double limit = Math.Sqrt(float.MaxValue / (double)d) / 1024;
        var random = new Random(5);
        var points = new float[n * d];
        for (int i = 0; i < points.Length; i++) points[i] = (float)((random.Next(2) == 0 ? -limit : limit) * (1 - 1e-3 * random.NextDouble()));
        IEmBackendProvider backend = backendName == "cpu" ? CpuBackendProvider.Default : GpuTestData.Provider;
        var options = new GaussianMixtureOptions { ComponentCount = 2, CovarianceType = type, MaxIterations = 20 };
        var result = new GaussianMixture(options, backend).Fit(points, d);
        Assert.True(double.IsFinite(result.LowerBound));
        Assert.All(result.Model.Covariances, v => Assert.True(double.IsFinite(v)));
        Assert.DoesNotContain(result.Warnings, w => w.Kind is FitWarningKind.RegularizationIncreased or FitWarningKind.ComponentDropped);

        points[7] *= 2f;
        var e = Assert.ThrowsAny<ArgumentException>(() => new GaussianMixture(options, backend).Fit(points, d));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("point 2, feature 1 is too large for a float32 fit", e.Message);
    }
}
