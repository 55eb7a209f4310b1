using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Mclust;

/// <summary>
/// Each of mclust's 14 M-steps from R's responsibilities z equals R's <c>mstep(modelName, X, z)</c>, and the
/// E-step of those parameters equals R's <c>estep</c>, on iris and on a synthetic set drawn from each model.
/// </summary>
public class MclustMStepTests
{
    // Measured here: every parameter agrees with R to ≤ 1e-13 relative (closed forms and iterative ones alike, since
    // the iterative M-steps replicate mclust's iterations from the same start and stop at the same iterate). The
    // tolerances leave room for another summation order or libm: 1e-10 for closed forms, 1e-9 for the iterative ones
    // (each iterate carries the rounding of all before it). Their inner iteration counts equal R's.
    private const double ClosedForm = 1e-10, Iterative = 1e-9;

    public static TheoryData<string, MclustModel> Cases()
    {
        var data = new TheoryData<string, MclustModel>();
        foreach (var name in MclustFixture.Names())
            foreach (var model in Enum.GetValues<MclustModel>()) data.Add(name, model);
        return data;
    }

    private static MclustEstimate Estimate(MclustFixture fixture, MclustModel model)
    {
        var info = MclustModels.Get(model);
        var scatter = ComponentScatter.FromStatistics(fixture.Statistics(info.CovarianceType), 0);
        var estimate = info.MStep(scatter, new MclustMStepOptions(), null);
        Assert.NotNull(estimate);
        return estimate!;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MStepEqualsR(string dataset, MclustModel model)
    {
        var fixture = MclustFixture.Load(dataset);
        var expected = fixture.Model(model).GetProperty("mstep");
        var estimate = Estimate(fixture, model);
        double tolerance = MclustModels.Get(model).IsIterative ? Iterative : ClosedForm;
        var sigma = MclustFixture.Array(expected, "sigma");
        double sigmaScale = sigma.Max(Math.Abs);

        Near.Equal(MclustFixture.Array(expected, "pro"), estimate.Weights, ClosedForm, what: "pro");
        Near.Equal(MclustFixture.Array(expected, "mean"), estimate.Means, ClosedForm, floor: 1, what: "mean");
        Near.Equal(sigma, MclustFixture.FullCovariances(estimate.ToModel()), tolerance, floor: sigmaScale, what: "sigma");
        if (expected.TryGetProperty("scale", out _))
            Near.Equal(MclustFixture.Array(expected, "scale"), estimate.Scale, tolerance, what: "scale");
        if (expected.TryGetProperty("shape", out _))
            Near.Equal(MclustFixture.Array(expected, "shape"), estimate.Shape, tolerance, floor: 1, what: "shape");
        if (expected.TryGetProperty("inner", out var inner))
            Assert.Equal(inner.GetProperty("iterations").GetInt32(), estimate.InnerIterations);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EStepOfTheEstimateEqualsR(string dataset, MclustModel model)
    {
        var fixture = MclustFixture.Load(dataset);
        var expected = fixture.Model(model).GetProperty("estep");
        var gaussian = Estimate(fixture, model).ToModel();
        double logLikelihood = gaussian.Score<double>(fixture.X) * fixture.Count;
        Near.Equal(expected.GetProperty("loglik").GetDouble(), logLikelihood, 1e-9, "loglik");
        var head = MclustFixture.Array(expected, "z_head");
        var proba = gaussian.PredictProbabilities<double>(fixture.X.AsSpan(0, 5 * fixture.Dimension));
        Near.Equal(head, proba, 1e-7, floor: 1, what: "z");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParameterCountAndBicEqualR(string dataset, MclustModel model)
    {
        var fixture = MclustFixture.Load(dataset);
        var expected = fixture.Model(model);
        var info = MclustModels.Get(model);
        int k = fixture.ComponentCount, d = fixture.Dimension;
        Assert.Equal(expected.GetProperty("nVarParams").GetInt32(), info.VarianceParameterCount(k, d));
        Assert.Equal(expected.GetProperty("nMclustParams").GetInt32(), info.ParameterCount(k, d));
        var me = expected.GetProperty("me");
        double bic = 2 * me.GetProperty("loglik").GetDouble() - info.ParameterCount(k, d) * Math.Log(fixture.Count);
        Near.Equal(me.GetProperty("bic").GetDouble(), bic, 1e-14, "bic");
    }
}
