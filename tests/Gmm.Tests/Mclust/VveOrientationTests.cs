using Gmm;
using Xunit;
using Xunit.Abstractions;

namespace Gmm.Tests.Mclust;

/// <summary>
/// mclust's VVE M-step updates the common orientation without the volumes, so it does not maximise the expected
/// complete-data log-likelihood Q = −½ Σ_k [N_k log det Σ_k + tr(W_k Σ_k⁻¹)] when they differ;
/// <see cref="MclustMStepOptions.VveOrientationByVolume"/> does.
/// </summary>
public class VveOrientationTests(ITestOutputHelper output)
{
    [Fact]
    public void VolumeWeightedOrientationNeverLowersTheObjectiveAndRaisesItWhereVolumesDiffer()
    {
        double largestGain = 0;
        foreach (var name in MclustFixture.Names())
        {
            var fixture = MclustFixture.Load(name);
            var scatter = ComponentScatter.FromStatistics(fixture.Statistics(CovarianceType.Full), 0);
            var step = MclustModels.Get(MclustModel.VVE).MStep;
            double asMclust = Objective(scatter, step(scatter, new MclustMStepOptions(), null)!);
            double exact = Objective(scatter, step(scatter, new MclustMStepOptions { VveOrientationByVolume = true }, null)!);
            double ceiling = Objective(scatter, MclustModels.Get(MclustModel.VVV).MStep(scatter, new MclustMStepOptions(), null)!);
            output.WriteLine($"{name}: Q mclust {asMclust:F6}, by volume {exact:F6}, VVV {ceiling:F6}");
            Assert.True(exact >= asMclust - 1e-9 * Math.Abs(asMclust), $"{name}: {exact} < {asMclust}");
            Assert.True(exact <= ceiling + 1e-9 * Math.Abs(ceiling), $"{name}: VVE above VVV");
            largestGain = Math.Max(largestGain, exact - asMclust);
        }
        Assert.True(largestGain > 1, $"largest gain {largestGain}");
    }

    private static double Objective(ComponentScatter scatter, MclustEstimate estimate)
    {
        var model = estimate.ToModel();
        int k = model.ComponentCount, d = model.Dimension;
        var precisions = model.ComputePrecisions();
        var w = scatter.Full();
        double q = 0;
        for (int i = 0; i < k; i++)
        {
            double trace = 0;
            for (int e = 0; e < d * d; e++) trace += w[i * d * d + e] * precisions[i * d * d + e];
            q -= 0.5 * (scatter.Counts[i] * -2 * model.LogDeterminantsOfPrecisionCholesky[i] + trace);
        }
        return q;
    }
}
