using System.Globalization;
using Gmm.Cli.Infrastructure;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The component table and the facts grid written directly (stdout not a terminal) are Spectre's text for the same
/// widgets, character for character; whatever the direct layout does not reproduce is left to Spectre.
/// </summary>
public sealed class PlainTableTests
{
    public static TheoryData<CovarianceType, int, int, bool> Shapes()
    {
        var cases = new TheoryData<CovarianceType, int, int, bool>();
        foreach (var type in Enum.GetValues<CovarianceType>())
            foreach (var (k, d) in new[] { (1, 1), (3, 4), (2, 6), (16, 7), (12, 16), (5, 39) })
            {
                cases.Add(type, k, d, false);
                cases.Add(type, k, d, true);
            }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ComponentTableIsSpectresText(CovarianceType type, int k, int d, bool withDeviations)
    {
        var model = Model(type, k, d, seed: k * 100 + d);
        var (direct, spectre) = BothWays(context => Render.WriteComponents(context, model, null, withDeviations),
            context => context.Console.Write(Render.Components(model, null, withDeviations)));
        Assert.Equal(spectre, direct);
        Assert.Contains("╭", direct, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(16, 16)]
    [InlineData(64, 39)]
    public void TheFitsTableTakesTheDirectLayout(int k, int d)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Assert.True(Render.ComponentTable(Model(CovarianceType.Full, k, d, seed: 1), null, withDeviations: false).TryWritePlain(writer, CliContext.RedirectedWidth));
    }

    [Theory]
    [InlineData("a", "b")]                                    // a table narrower than its title: Spectre wraps the title
    [InlineData("sepal_length", "petal width (cm)")]
    [InlineData("x", "a name long enough to make the title fit with room to spare on both sides")]
    [InlineData("odd", "even")]
    [InlineData("[bracketed]", "with [markup] characters")]
    [InlineData("x ≥ 0", "y ≥ 1")]
    [InlineData("日本", "wide")]                               // wide characters: Spectre's measure, not the direct layout
    [InlineData("", "empty")]
    public void FeatureNamesAreSpectresText(string first, string second)
    {
        var model = Model(CovarianceType.Diagonal, 3, 2, seed: 5);
        string[] names = [first, second];
        var (direct, spectre) = BothWays(context => Render.WriteComponents(context, model, names, withDeviations: false),
            context => context.Console.Write(Render.Components(model, names, withDeviations: false)));
        Assert.Equal(spectre, direct);
    }

    [Theory]
    [InlineData(1e-300, 7)]   // short numbers
    [InlineData(-123456.7, 39)] // long ones: a row near or past the 160 columns of redirected output
    [InlineData(-1.2345678e+200, 39)]
    public void WideRowsAreSpectresText(double scale, int d)
    {
        var model = Model(CovarianceType.Spherical, 4, d, seed: 3, scale);
        var (direct, spectre) = BothWays(context => Render.WriteComponents(context, model, null, withDeviations: true),
            context => context.Console.Write(Render.Components(model, null, withDeviations: true)));
        Assert.Equal(spectre, direct);
    }

    [Fact]
    public void FactsGridIsSpectresText()
    {
        (string, string)[] facts =
        [
            ("converged", "no, stopped after 22 iterations"),
            ("lower bound", "-5.124770 (mean log-likelihood per point)"),
            ("BIC", "1029636.565"),
            ("time", "0.426 s"),
            ("device", "cpu (2 threads, 512-bit SIMD)"),
        ];
        var (direct, spectre) = BothWays(context => Render.WriteFacts(context, facts), context => context.Console.Write(Render.Facts(facts)));
        Assert.Equal(spectre, direct);
        Assert.StartsWith("converged    no, stopped after 22 iterations          " + Environment.NewLine, direct, StringComparison.Ordinal);
    }

    [Fact]
    public void VariationalFactsTakeTheDirectLayout()
    {
        (string, string)[] facts =
        [
            ("converged", "no, stopped after 2 iterations"),
            ("lower bound", "-1024823.775854 (evidence lower bound, summed over the points)"),
            ("effective components", "16 of 20 (weight ≥ 0.01)"),
            ("time", "0.245 s"),
            ("device", "cpu (2 threads, 512-bit SIMD)"),
        ];
        using (var writer = new StringWriter(CultureInfo.InvariantCulture))
            Assert.True(Render.TryWritePlainFacts(writer, facts));
        var (direct, spectre) = BothWays(context => Render.WriteFacts(context, facts), context => context.Console.Write(Render.Facts(facts)));
        Assert.Equal(spectre, direct);
        Assert.Contains("effective components  16 of 20 (weight ≥ 0.01)    ", direct, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("device", "cuda — NVIDIA H100")]        // not plain ASCII: Spectre's
    [InlineData("a label", "")]
    [InlineData("x", "a value with [brackets]")]
    public void FactsOutsideTheDirectLayoutAreSpectresText(string label, string value)
    {
        (string, string)[] facts = [(label, value), ("BIC", "12.5")];
        var (direct, spectre) = BothWays(context => Render.WriteFacts(context, facts), context => context.Console.Write(Render.Facts(facts)));
        Assert.Equal(spectre, direct);
    }

    [Fact]
    public void TooWideIsLeftToSpectre()
    {
        var table = new TextTable("t").AddColumn("c", rightAligned: true).AddRow(new string('9', 200));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Assert.False(table.TryWritePlain(writer, CliContext.RedirectedWidth));
        Assert.Equal("", writer.ToString());
    }

    /// <summary>What <paramref name="direct"/> and <paramref name="spectre"/> write to a redirected (non-terminal) stdout.</summary>
    private static (string Direct, string Spectre) BothWays(Action<CliContext> direct, Action<CliContext> spectre)
    {
        string Run(Action<CliContext> write)
        {
            using var stdout = new StringWriter(CultureInfo.InvariantCulture);
            using var stderr = new StringWriter(CultureInfo.InvariantCulture);
            write(new CliContext(stdout, stderr, isTerminal: false, CancellationToken.None));
            return stdout.ToString();
        }
        return (Run(direct), Run(spectre));
    }

    private static GaussianMixtureModel Model(CovarianceType type, int k, int d, int seed, double scale = 1)
    {
        var random = new Random(seed);
        var weights = new double[k];
        for (int c = 0; c < k; c++) weights[c] = 1 + random.NextDouble();
        double total = weights.Sum();
        for (int c = 0; c < k; c++) weights[c] /= total;
        var means = new double[k * d];
        for (int i = 0; i < means.Length; i++) means[i] = scale * (random.NextDouble() * 20 - 10);
        int length = CovarianceDefinition.For(type).CovarianceLength(k, d);
        var covariances = new double[length];
        if (type is CovarianceType.Full or CovarianceType.Tied)
            for (int c = 0; c < length / (d * d); c++)
                for (int j = 0; j < d; j++) covariances[c * d * d + j * d + j] = 0.5 + random.NextDouble();
        else
            for (int i = 0; i < length; i++) covariances[i] = 0.5 + random.NextDouble();
        return new GaussianMixtureModel(type, weights, means, covariances);
    }
}
