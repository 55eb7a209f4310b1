using System.Globalization;
using System.Text.Json;
using Gmm.Tests.Reference;
using Xunit;

namespace Gmm.Tests.Cli.Reliability;

/// <summary>
/// Issue 15 §5: a model file cannot contradict itself. precisions_cholesky, when present, must agree with the
/// covariances (scikit-learn's own factors do, to rounding); a file whose covariances were edited, or whose factors
/// are zero, is refused naming the component; a file without factors derives them.
/// </summary>
public sealed class ModelFileAgreementTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> Fixtures() => ["blobs_full", "blobs_tied", "blobs_diag", "blobs_spherical", "iris_full", "offset_tied"];

    /// <summary>scikit-learn's fitted parameters with its own precisions_cholesky load, and score as scikit-learn scores.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ScikitLearnsFactorsAgree_AndTheFileScoresAsScikitLearn(string name)
    {
        var f = SklearnFixture.Load(name);
        string model = Write("sk.json", f, f.ExpectedArray("covariances"), f.ExpectedArray("precisions_cholesky"));
        string data = _cli.WriteNpy("x.npy", f.X, [f.X.Length / f.Dimension, f.Dimension], single: false);
        var (code, output, error) = _cli.Run("score", data, "-m", model, "--json");
        Assert.True(code == 0, error);
        double score = JsonDocument.Parse(output).RootElement.GetProperty("mean_log_likelihood").GetDouble();
        Assert.Equal(f.ExpectedValue("score"), score, 1e-9 * Math.Abs(score));
    }

    /// <summary>The issue's case: covariances edited, precisions left as they were (gmm read one, scikit-learn the other).</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EditedCovariances_AreRefusedNamingTheComponent(string name)
    {
        var f = SklearnFixture.Load(name);
        var covariances = f.ExpectedArray("covariances");
        int perComponent = covariances.Length / (f.CovarianceType == CovarianceType.Tied ? 1 : f.ComponentCount);
        int component = f.CovarianceType == CovarianceType.Tied ? 0 : f.ComponentCount - 1;
        for (int i = 0; i < perComponent; i++) covariances[component * perComponent + i] *= 1.5; // still a valid covariance
        string model = Write("edited.json", f, covariances, f.ExpectedArray("precisions_cholesky"));
        string data = _cli.WriteNpy("x.npy", f.X, [f.X.Length / f.Dimension, f.Dimension], single: false);
        var (code, _, error) = _cli.Run("score", data, "-m", model);
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains(f.CovarianceType == CovarianceType.Tied ? "precisions_cholesky of the tied component" : $"precisions_cholesky of component {component}", error);
        Assert.Contains("does not agree with its covariances", error);
    }

    [Fact]
    public void ZeroFactors_AreRefused_AndAbsentFactorsAreDerived()
    {
        var f = SklearnFixture.Load("blobs_diag");
        var zeros = new double[f.ExpectedArray("precisions_cholesky").Length];
        var (code, _, error) = _cli.Run("info", "-m", Write("zero.json", f, f.ExpectedArray("covariances"), zeros));
        Assert.Equal(2, code);
        Assert.Contains("precisions_cholesky of component 0 does not agree", error);
        Assert.Equal(0, _cli.Run("info", "-m", Write("none.json", f, f.ExpectedArray("covariances"), null)).Code);
    }

    /// <summary>Every model gmm writes reads back (its factors agree with its covariances exactly), for each type.</summary>
    [Theory]
    [InlineData("full")]
    [InlineData("tied")]
    [InlineData("diag")]
    [InlineData("spherical")]
    public void WhatGmmWrites_ReadsBack(string type)
    {
        string model = _cli.PathOf("m.json");
        Assert.Equal(0, _cli.Run("fit", "-q", "-k", "3", "-c", type, "-o", model).Code);
        Assert.Equal(0, _cli.Run("info", "-m", model).Code);
    }

    private string Write(string name, SklearnFixture f, double[] covariances, double[]? factors)
    {
        int k = f.ComponentCount, d = f.Dimension;
        string Shaped(double[] values) => f.CovarianceType switch
        {
            CovarianceType.Full => Nested(values, [k, d, d]),
            CovarianceType.Tied => Nested(values, [d, d]),
            CovarianceType.Diagonal => Nested(values, [k, d]),
            _ => Nested(values, [k]),
        };
        string type = f.CovarianceType switch { CovarianceType.Full => "full", CovarianceType.Tied => "tied", CovarianceType.Diagonal => "diag", _ => "spherical" };
        string json = $$"""
            {"format": "gmm-model/1", "covariance_type": "{{type}}", "n_components": {{k}}, "n_features": {{d}},
             "weights": {{Nested(f.ExpectedArray("weights"), [k])}}, "means": {{Nested(f.ExpectedArray("means"), [k, d])}},
             "covariances": {{Shaped(covariances)}}{{(factors is null ? "" : $", \"precisions_cholesky\": {Shaped(factors)}")}}}
            """;
        return _cli.WriteText(name, json);
    }

    private static string Nested(double[] values, int[] shape)
    {
        if (shape.Length == 1) return "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
        int inner = values.Length / shape[0];
        return "[" + string.Join(", ", Enumerable.Range(0, shape[0]).Select(i => Nested(values[(i * inner)..((i + 1) * inner)], shape[1..]))) + "]";
    }
}
