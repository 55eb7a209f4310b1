using Gmm;
using Gmm.Tests.Gpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Missing;

/// <summary>
/// EM with missing entries (MissingValues = Marginalize): exactness (the observed-data log-likelihood never decreases
/// and is what the fit reports), recovery of the complete-data fit under MCAR, the equivalences that must hold exactly
/// (no missing value, streaming, sample weights, the GPU backend on ILGPU's CPU accelerator), and the errors.
/// </summary>
public class MissingFitTests
{
    private const int D = 3;

    private static GaussianMixtureOptions Options(CovarianceType type, int k) => new()
    {
        ComponentCount = k,
        CovarianceType = type,
        Precision = ComputePrecision.Double,
        MissingValues = MissingValues.Marginalize,
        Tolerance = 1e-10,
        MaxIterations = 500,
    };

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void ObservedLogLikelihoodNeverDecreasesAndIsWhatTheFitReports(CovarianceType type)
    {
        var truth = MissingData.Model(type, 3, D, seed: 101);
        var points = MissingData.Mcar(MissingData.Draw(truth, 400, seed: 102), D, 0.25, seed: 103);
        var result = new GaussianMixture(Options(type, 3)).Fit(points, D);
        var history = result.LowerBoundHistory;
        for (int i = 1; i < history.Count; i++)
            Assert.True(history[i] >= history[i - 1] - 1e-12 * Math.Abs(history[i - 1]), $"iteration {i}: {history[i]:R} < {history[i - 1]:R}");
        Assert.True(result.Converged);
        // Converged to 1e-10: the reported bound is the observed-data mean log-likelihood of the final model.
        Assert.Equal(result.Model.Score(new InMemoryDataSource<double>(points, D), MissingValues.Marginalize), result.LowerBound, 1e-8);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void WithoutMissingValuesMarginalizeFitsExactlyAsReject(CovarianceType type)
    {
        var points = MissingData.Draw(MissingData.Model(type, 3, D, seed: 111), 300, seed: 112);
        var marginalized = new GaussianMixture(Options(type, 3)).Fit(points, D);
        var rejected = new GaussianMixture(Options(type, 3) with { MissingValues = MissingValues.Reject }).Fit(points, D);
        Assert.Equal(rejected.LowerBound, marginalized.LowerBound);
        Assert.Equal(rejected.Model.Means, marginalized.Model.Means);
        Assert.Equal(rejected.Model.Covariances, marginalized.Model.Covariances);
    }

    /// <summary>
    /// 20% of entries missing completely at random: the fit estimates the same parameters as the complete-data fit, from
    /// less information. Both start from the generating model (no label switching). Tolerances are four standard errors
    /// of the extra sampling error: about 2,000 points per component, 80% of each coordinate observed, variances
    /// ≤ 2.5 (σ ≤ 1.6): a mean's standard error 1.6/√1600 = 0.04 (tolerance 0.15); a variance's relative standard
    /// error √(2/1600) = 0.035 (tolerance 0.15 of √(Σ_aa Σ_bb)); a weight's, with components 8 apart, far below 0.005
    /// (tolerance 0.02).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void McarDataRecoversTheCompleteDataFit(CovarianceType type)
    {
        var truth = MissingData.Model(type, 2, D, seed: 121, separation: 8);
        var complete = MissingData.Draw(truth, 4000, seed: 122);
        var missing = MissingData.Mcar(complete, D, 0.3, seed: 123); // each point keeps one coordinate: 2/3 · 0.3 = 20% of entries
        double fraction = missing.Count(double.IsNaN) / (double)missing.Length;
        Assert.InRange(fraction, 0.15, 0.25);
        var options = Options(type, 2) with { InitialParameters = InitialParameters.FromModel(truth), Tolerance = 1e-6 };
        var full = new GaussianMixture(options with { MissingValues = MissingValues.Reject }).Fit(complete, D).Model;
        var fitted = new GaussianMixture(options).Fit(missing, D).Model;
        for (int c = 0; c < 2; c++) Assert.Equal(full.Weights[c], fitted.Weights[c], 0.02);
        for (int i = 0; i < full.Means.Count; i++) Assert.Equal(full.Means[i], fitted.Means[i], 0.15);
        for (int c = 0; c < 2; c++)
        {
            var a = BruteForceMarginal.Covariance(full, c);
            var b = BruteForceMarginal.Covariance(fitted, c);
            for (int i = 0; i < D; i++)
                for (int j = 0; j < D; j++)
                    Assert.True(Math.Abs(a[i, j] - b[i, j]) <= 0.15 * Math.Sqrt(a[i, i] * a[j, j]), $"component {c}, covariance ({i},{j}): {a[i, j]:G4} vs {b[i, j]:G4}");
        }
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void StreamingEqualsInMemory(CovarianceType type)
    {
        var points = MissingData.Mcar(MissingData.Draw(MissingData.Model(type, 3, D, seed: 131), 500, seed: 132), D, 0.2, seed: 133);
        var options = Options(type, 3) with { Tolerance = 1e-6 };
        var inMemory = new GaussianMixture(options).Fit(new InMemoryDataSource<double>(points, D));
        var streamed = new GaussianMixture(options with { InMemoryLimitBytes = 0 })
            .Fit(new SmallChunkSource<double>(new InMemoryDataSource<double>(points, D), 37));
        Assert.Equal(inMemory.Iterations, streamed.Iterations);
        Assert.Equal(inMemory.LowerBound, streamed.LowerBound, 1e-10 * Math.Abs(inMemory.LowerBound));
        for (int i = 0; i < inMemory.Model.Means.Count; i++) Assert.Equal(inMemory.Model.Means[i], streamed.Model.Means[i], 1e-8);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void SampleWeightsEqualRepeatedPoints(CovarianceType type)
    {
        var truth = MissingData.Model(type, 2, D, seed: 141);
        var points = MissingData.Mcar(MissingData.Draw(truth, 200, seed: 142), D, 0.25, seed: 143);
        var weights = Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? 2.0 : 1.0).ToArray();
        var repeated = Enumerable.Range(0, 200).SelectMany(i => Enumerable.Repeat(points.AsSpan(i * D, D).ToArray(), (int)weights[i]).SelectMany(r => r)).ToArray();
        var options = Options(type, 2) with { InitialParameters = InitialParameters.FromModel(truth), Tolerance = 1e-6 };
        var weighted = new GaussianMixture(options).Fit(points, D, weights);
        var expanded = new GaussianMixture(options).Fit(repeated, D);
        Assert.Equal(expanded.Iterations, weighted.Iterations);
        Assert.Equal(expanded.LowerBound, weighted.LowerBound, 1e-10 * Math.Abs(expanded.LowerBound));
        for (int i = 0; i < expanded.Model.Means.Count; i++) Assert.Equal(expanded.Model.Means[i], weighted.Model.Means[i], 1e-8);
        for (int i = 0; i < expanded.Model.Covariances.Count; i++) Assert.Equal(expanded.Model.Covariances[i], weighted.Model.Covariances[i], 1e-8);
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void GpuBackendFitsAsTheCpuBackend(CovarianceType type)
    {
        var truth = MissingData.Model(type, 3, D, seed: 151);
        var points = MissingData.Mcar(MissingData.Draw(truth, 150, seed: 152), D, 0.3, seed: 153);
        // Ten iterations exactly (the CPU accelerator is slow): the same ten on both backends.
        var options = Options(type, 3) with { InitialParameters = InitialParameters.FromModel(truth), Tolerance = 0, MaxIterations = 10 };
        var cpu = new GaussianMixture(options).Fit(points, D);
        var gpu = new GaussianMixture(options, GpuTestData.Provider).Fit(points, D);
        // diag and spherical marginalise on the device, full and tied on the host (MissingDeviceTests compares the two).
        Assert.Contains(type is CovarianceType.Diagonal or CovarianceType.Spherical ? "missing values on the device" : "missing values on the host", gpu.Backend);
        Assert.Equal(cpu.Iterations, gpu.Iterations);
        Assert.Equal(cpu.LowerBound, gpu.LowerBound, 1e-9 * Math.Abs(cpu.LowerBound));
        for (int i = 0; i < cpu.Model.Means.Count; i++) Assert.Equal(cpu.Model.Means[i], gpu.Model.Means[i], 1e-7);
        // float32 on the device: the same fit to float32's accuracy.
        var single = new GaussianMixture(options with { Precision = ComputePrecision.Single }, GpuTestData.Provider).Fit(points, D);
        for (int i = 0; i < cpu.Model.Means.Count; i++) Assert.Equal(cpu.Model.Means[i], single.Model.Means[i], 1e-3);
    }

    [Fact]
    public void APointWithEveryValueMissingIsAnErrorNamingIt()
    {
        var points = MissingData.Draw(MissingData.Model(CovarianceType.Full, 2, D, seed: 161), 20, seed: 162);
        for (int j = 0; j < D; j++) points[7 * D + j] = double.NaN;
        points[2 * D + 1] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => new GaussianMixture(Options(CovarianceType.Full, 2)).Fit(points, D));
        Assert.Equal("data", error.ParamName);
        Assert.Contains("point 7 has every value missing", error.Message);
    }

    [Fact]
    public void CheckMissingNamesPointsFromTheChunksStart()
    {
        float[] values = [1, float.NaN, float.NaN, 2, float.NaN, float.NaN, 3, 4];
        var empty = Assert.Throws<ArgumentException>(() => DataValidation.CheckMissing<float>(values, 40, 2, "points"));
        Assert.Equal("points", empty.ParamName);
        Assert.StartsWith("point 42 has every value missing (NaN)", empty.Message);
        values[4] = float.NegativeInfinity;
        var infinite = Assert.Throws<ArgumentException>(() => DataValidation.CheckMissing<float>(values, 40, 2, "points"));
        Assert.Contains("at point 42, feature 0; NaN marks a missing value, infinity cannot.", infinite.Message);
        DataValidation.CheckMissing<float>(values.AsSpan(0, 4), 40, 2, "points"); // NaN alone is a missing value
        Assert.Throws<ArgumentOutOfRangeException>(() => DataValidation.CheckMissing<float>(values, 0, 0, "points"));
    }

    [Fact]
    public void TheDefaultRejectsNaNNamingIt()
    {
        var points = MissingData.Draw(MissingData.Model(CovarianceType.Diagonal, 2, D, seed: 171), 20, seed: 172);
        points[4 * D + 2] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => new GaussianMixture(new GaussianMixtureOptions { ComponentCount = 2 }).Fit(points, D));
        Assert.Equal("data", error.ParamName);
        Assert.Contains("non-finite value (NaN) at point 4, feature 2", error.Message);
    }

    [Fact]
    public void InfinityAndAFeatureMissingEverywhereAreErrorsUnderMarginalize()
    {
        var points = MissingData.Draw(MissingData.Model(CovarianceType.Spherical, 2, D, seed: 181), 20, seed: 182);
        points[3 * D] = double.PositiveInfinity;
        var infinity = Assert.Throws<ArgumentException>(() => new GaussianMixture(Options(CovarianceType.Spherical, 2)).Fit(points, D));
        Assert.Contains("point 3, feature 0; NaN marks a missing value, infinity cannot", infinity.Message);
        points[3 * D] = 0;
        for (int i = 0; i < 20; i++) points[i * D + 1] = double.NaN;
        var feature = Assert.Throws<ArgumentException>(() => new GaussianMixture(Options(CovarianceType.Spherical, 2)).Fit(points, D));
        Assert.Equal("data", feature.ParamName);
        Assert.Contains("feature 1 is missing (NaN) in every point", feature.Message);
    }
}
