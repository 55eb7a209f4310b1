using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Mclust;

/// <summary>
/// The 14 models fitted through the one EM loop (<see cref="GaussianMixture"/> with <see cref="GaussianMixtureOptions.Model"/>)
/// on a backend: from R's start they follow R's <c>me()</c>, and on data drawn from a model they recover its parameters
/// and keep its constraint. Run on the CPU backend and on the GPU backend (ILGPU's CPU accelerator).
/// </summary>
public abstract class MclustFitTests
{
    protected abstract IEmBackendProvider Provider { get; }

    /// <summary>
    /// From the M-step of R's z, as many iterations as R's me() took: the log-likelihood agrees with R's to 1e-6
    /// relative (the target; ~1e-12 is typical), and mclust's stopping rule on our lower bounds,
    /// |ΔL| / (1 + |L|) ≤ 1e-5 on totals, stops at R's iteration.
    /// </summary>
    protected void FollowsRsMe(MclustModel model, params string[] datasets)
    {
        foreach (var dataset in datasets)
        {
            var fixture = MclustFixture.Load(dataset);
            var me = fixture.Model(model).GetProperty("me");
            Assert.Equal(0, me.GetProperty("returnCode").GetInt32());
            int iterations = me.GetProperty("iterations").GetInt32();
            var info = MclustModels.Get(model);
            var start = info.MStep(ComponentScatter.FromStatistics(fixture.Statistics(info.CovarianceType), 0), new MclustMStepOptions(), null)!.ToModel();
            var options = new GaussianMixtureOptions
            {
                Model = model, ComponentCount = fixture.ComponentCount, Precision = ComputePrecision.Double,
                RegularizationCovariance = 0, Tolerance = 0, MaxIterations = iterations,
                InitialParameters = new InitialParameters(start.Weights.ToArray(), start.Means.ToArray(), start.ComputePrecisions()),
            };
            var result = new GaussianMixture(options, Provider).Fit(fixture.X, fixture.Dimension);
            Assert.Equal(iterations, result.Iterations);
            Near.Equal(me.GetProperty("loglik").GetDouble(), result.LowerBound * fixture.Count, 1e-6, $"{dataset} {model} loglik");

            var totals = result.LowerBoundHistory.Select(l => l * fixture.Count).ToArray();
            int stop = Enumerable.Range(1, totals.Length - 1).FirstOrDefault(i => Math.Abs(totals[i] - totals[i - 1]) / (1 + Math.Abs(totals[i])) <= 1e-5) + 1;
            Assert.True(stop == iterations, $"{dataset} {model}: mclust's rule stops at iteration {stop}, R at {iterations}");
            Assert.Equal(model, result.Model.MclustModel);
        }
    }

    /// <summary>
    /// Drawn from the synthetic set's generating mixture (3 components, d = 3), the fit recovers its weights, means and
    /// covariances within a few standard errors of the sampling, and obeys the model's constraint.
    /// </summary>
    protected void RecoversTheGeneratingParameters(MclustModel model, int count, double tolerance)
    {
        var truth = MclustFixture.Load("synthetic_" + model).GeneratingModel();
        int d = truth.Dimension, k = truth.ComponentCount;
        var (points, _) = truth.Sample(count, seed: 11);
        var options = new GaussianMixtureOptions { Model = model, ComponentCount = k, Precision = ComputePrecision.Double, Tolerance = tolerance, MaxIterations = 500 };
        var result = new GaussianMixture(options, Provider).Fit(points, d);
        var fitted = result.Model;
        Assert.Equal(model, fitted.MclustModel);
        Assert.Null(MclustConstraint.Violation(fitted, model, 1e-8));

        var fullTruth = MclustFixture.FullCovariances(truth);
        var fullFitted = MclustFixture.FullCovariances(fitted);
        for (int c = 0; c < k; c++)
        {
            int match = Enumerable.Range(0, k).MinBy(f => Enumerable.Range(0, d).Sum(j => Math.Pow(fitted.Means[f * d + j] - truth.Means[c * d + j], 2)));
            double n = truth.Weights[c] * count;
            // Standard errors: weight √(π(1−π)/N), mean √(σ²/n_c) per coordinate, covariance entries ~ σ²√(2/n_c).
            Assert.InRange(fitted.Weights[match], truth.Weights[c] - 4 * Math.Sqrt(truth.Weights[c] * (1 - truth.Weights[c]) / count),
                truth.Weights[c] + 4 * Math.Sqrt(truth.Weights[c] * (1 - truth.Weights[c]) / count));
            for (int j = 0; j < d; j++)
                Assert.InRange(fitted.Means[match * d + j] - truth.Means[c * d + j],
                    -5 * Math.Sqrt(fullTruth[(c * d + j) * d + j] / n), 5 * Math.Sqrt(fullTruth[(c * d + j) * d + j] / n));
            double difference = 0, size = 0;
            for (int e = 0; e < d * d; e++)
            {
                difference += Math.Pow(fullFitted[match * d * d + e] - fullTruth[c * d * d + e], 2);
                size += Math.Pow(fullTruth[c * d * d + e], 2);
            }
            Assert.True(Math.Sqrt(difference / size) < 5 * Math.Sqrt(2 / n), $"{model} component {c}: covariance off by {Math.Sqrt(difference / size):G3} (relative Frobenius)");
        }
    }
}

public sealed class CpuMclustFitTests : MclustFitTests
{
    protected override IEmBackendProvider Provider => Gmm.Cpu.CpuBackendProvider.Default;

    public static TheoryData<MclustModel> Models() => new(Enum.GetValues<MclustModel>());

    [Theory]
    [MemberData(nameof(Models))]
    public void FromRsStartTheFitFollowsRsMe(MclustModel model) => FollowsRsMe(model, [.. MclustFixture.Names()]);

    [Theory]
    [MemberData(nameof(Models))]
    public void FitRecoversTheGeneratingParameters(MclustModel model) => RecoversTheGeneratingParameters(model, 6000, 1e-6);
}

/// <summary>
/// On ILGPU's CPU accelerator (slow: small data, few iterations), one model per E-step the GPU runs and per kind of M-step: spherical
/// (EII), diag with an iterative M-step (VEI), tied with the device's own M-step (EEE), full with the iterative
/// volume/shape M-step (VEV) and with the MM orientation M-step (EVE).
/// </summary>
public sealed class IlgpuCpuMclustFitTests : MclustFitTests
{
    protected override IEmBackendProvider Provider => Gmm.Tests.Gpu.GpuTestData.Provider;

    [Theory]
    [InlineData(MclustModel.EII)]
    [InlineData(MclustModel.VEI)]
    [InlineData(MclustModel.EEE)]
    [InlineData(MclustModel.VEV)]
    [InlineData(MclustModel.EVE)]
    public void FromRsStartTheFitFollowsRsMe(MclustModel model) => FollowsRsMe(model, "synthetic_VEV");

    [Theory]
    [InlineData(MclustModel.EII)]
    [InlineData(MclustModel.VEI)]
    [InlineData(MclustModel.EEE)]
    [InlineData(MclustModel.VEV)]
    [InlineData(MclustModel.EVE)]
    public void FitRecoversTheGeneratingParameters(MclustModel model) => RecoversTheGeneratingParameters(model, 1000, 1e-4);
}
