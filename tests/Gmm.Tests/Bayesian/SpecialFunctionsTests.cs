using System.Text.Json;
using Gmm;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Bayesian;

/// <summary>log Γ, ψ and log B against scipy (tests/fixtures/sklearn-bayes/data/special.json).</summary>
public class SpecialFunctionsTests
{
    private static readonly JsonElement Values = Load();

    private static JsonElement Load()
    {
        using var stream = File.OpenRead(Path.Combine(BayesianFixture.Folder, "data", "special.json"));
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    private static double[] Array(string name) => BayesianFixture.Array(Values, name);

    [Fact]
    public void LogGamma_MatchesScipy()
    {
        var x = Array("x");
        // Absolute 1e-14 where log Γ crosses zero (x near 1 and 2), relative elsewhere.
        Near.Equal(Array("gammaln"), x.Select(SpecialFunctions.LogGamma).ToArray(), 1e-14, 1, "gammaln");
    }

    [Fact]
    public void Digamma_MatchesScipy()
    {
        var x = Array("x");
        Near.Equal(Array("digamma"), x.Select(SpecialFunctions.Digamma).ToArray(), 1e-14, 1, "digamma");
    }

    [Fact]
    public void LogBeta_MatchesScipy()
    {
        var a = Array("betaln_a");
        var b = Array("betaln_b");
        // log B(4e5, 1e6) is a difference of log Γ values near 1e7: its float64 rounding is ~1e-9 absolute.
        Near.Equal(Array("betaln"), a.Select((v, i) => SpecialFunctions.LogBeta(v, b[i])).ToArray(), 1e-12, 1, "betaln");
    }

    [Fact]
    public void OutsideTheDomain_IsNaN()
    {
        Assert.True(double.IsNaN(SpecialFunctions.LogGamma(0)));
        Assert.True(double.IsNaN(SpecialFunctions.Digamma(-1)));
        Assert.True(double.IsNaN(SpecialFunctions.Digamma(double.NaN)));
    }
}
