using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Model;

/// <summary>
/// The maximum-likelihood M-step factors each full or tied covariance once: the precision Cholesky factors and
/// log-determinants it derives from its positive-definiteness check's factor are those the model's own derivation
/// (<see cref="CovarianceDefinition.DerivePrecisionCholesky"/>) gives, bit for bit, including matrices that needed
/// extra regularisation.
/// </summary>
public class SingleFactorisationTests
{
    public static TheoryData<CovarianceType, int, bool> MatrixCases()
    {
        var data = new TheoryData<CovarianceType, int, bool>();
        foreach (var type in new[] { CovarianceType.Full, CovarianceType.Tied })
            foreach (int d in new[] { 1, 2, 16, 40 })
                foreach (bool degenerate in new[] { false, true })
                    data.Add(type, d, degenerate);
        return data;
    }

    [Theory]
    [MemberData(nameof(MatrixCases))]
    public void FactorsFromTheCheckEqualTheDerivationBitForBit(CovarianceType type, int d, bool degenerate)
    {
        const int k = 5;
        var definition = CovarianceDefinition.For(type);
        var statistics = RandomStatistics(type, k, d, degenerate, seed: 11 * d + (degenerate ? 1 : 0));
        int[] keep = [0, 1, 3, 4]; // one component dropped, as the M-step may
        var counts = keep.Select(c => statistics.ZerothOrder[c] + MaximumLikelihoodStep.ComponentWeightEpsilon).ToArray();
        var deltas = new double[keep.Length * d];
        for (int i = 0; i < keep.Length; i++)
            for (int j = 0; j < d; j++) deltas[i * d + j] = statistics.FirstOrder[keep[i] * d + j] / counts[i];
        double regularization = degenerate ? 0 : 1e-6;
        int length = definition.CovarianceLength(keep.Length, d);

        var oldWarnings = new List<FitWarning>();
        var covariances = new double[length];
        definition.Estimate(statistics, keep, counts, counts.Sum(), deltas, regularization, covariances, new MaximizationContext(oldWarnings));
        var expectedFactors = new double[length];
        var expectedLogDets = new double[keep.Length];
        definition.DerivePrecisionCholesky(covariances, keep.Length, d, expectedFactors, expectedLogDets);

        var newWarnings = new List<FitWarning>();
        var once = new double[length];
        var factors = new double[length];
        var logDets = new double[keep.Length];
        Assert.True(definition.EstimateAndFactor(statistics, keep, counts, counts.Sum(), deltas, regularization, once, factors, logDets,
            new MaximizationContext(newWarnings)));

        AssertBits(covariances, once);
        AssertBits(expectedFactors, factors);
        AssertBits(expectedLogDets, logDets);
        Assert.Equal(oldWarnings.Select(w => (w.Kind, w.Component)), newWarnings.Select(w => (w.Kind, w.Component)));
        if (degenerate) Assert.Contains(newWarnings, w => w.Kind == FitWarningKind.RegularizationIncreased);
    }

    /// <summary>The M-step's next model (factored once, arrays taken without copies) equals one the public constructor builds from its parameters.</summary>
    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public void TheMStepsModelEqualsTheConstructorsBitForBit(CovarianceType type)
    {
        foreach (int d in new[] { 1, 2, 16, 40 })
        {
            var statistics = RandomStatistics(type, 6, d, degenerate: false, seed: d);
            var model = new MaximumLikelihoodStep(1e-6).Estimate(statistics, new MaximizationContext(new List<FitWarning>()));
            var rebuilt = new GaussianMixtureModel(type, [.. model.Weights], [.. model.Means], [.. model.Covariances]);
            AssertBits(rebuilt.PrecisionsCholeskySpan.ToArray(), model.PrecisionsCholeskySpan.ToArray());
            AssertBits([.. rebuilt.LogDeterminantsOfPrecisionCholesky], [.. model.LogDeterminantsOfPrecisionCholesky]);
            AssertBits(rebuilt.LogDensityConstants.ToArray(), model.LogDensityConstants.ToArray());
        }
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void DiagonalTypesOnlyEstimate(CovarianceType type)
    {
        const int k = 3, d = 4;
        var definition = CovarianceDefinition.For(type);
        var statistics = RandomStatistics(type, k, d, degenerate: false, seed: 5);
        int[] keep = [0, 1, 2];
        double[] counts = [.. statistics.ZerothOrder];
        var covariances = new double[definition.CovarianceLength(k, d)];
        Assert.False(definition.EstimateAndFactor(statistics, keep, counts, counts.Sum(), new double[k * d], 1e-6, covariances,
            new double[covariances.Length], new double[k], new MaximizationContext(new List<FitWarning>())));
        Assert.All(covariances, v => Assert.True(v > 0));
    }

    /// <summary>
    /// Statistics of k components in d features with random positive-definite scatter (n_k·(A Aᵀ/d + 0.01 I) about the
    /// components' means); degenerate: full component 1's scatter is rank one, and full component 3's and the tied
    /// matrix's second moments are zero (a negative estimate), so the check needs jitter.
    /// </summary>
    private static SufficientStatistics RandomStatistics(CovarianceType type, int k, int d, bool degenerate, int seed)
    {
        var random = new Random(seed);
        var start = TestData.StartingModel(type, TestData.Blobs(10 * k, d, k, seed: seed), d, k);
        var statistics = SufficientStatistics.For<double>(start);
        for (int c = 0; c < k; c++)
        {
            statistics.ZerothOrder[c] = 100 + 900 * random.NextDouble();
            for (int j = 0; j < d; j++) statistics.FirstOrder[c * d + j] = (random.NextDouble() - 0.5) * statistics.ZerothOrder[c];
        }
        statistics.WeightSum = statistics.ZerothOrder.Sum();
        statistics.PointCount = 10 * k;
        int matrices = type switch { CovarianceType.Full => k, CovarianceType.Tied => 1, _ => 0 };
        for (int m = 0; m < matrices; m++)
        {
            var a = new double[d * d];
            for (int i = 0; i < a.Length; i++) a[i] = TestData.Normal(random);
            bool zero = degenerate && (m == 3 || type == CovarianceType.Tied), rankOne = degenerate && m == 1;
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < d; p++) sum += a[i * d + p] * a[j * d + p];
                    // S = Σ n_c (scatter + δ_c δ_cᵀ): the estimate subtracts the means' spread again.
                    double spread = 0;
                    for (int c = 0; c < k; c++)
                        if (type == CovarianceType.Tied || c == m)
                            spread += statistics.FirstOrder[c * d + i] * statistics.FirstOrder[c * d + j] / statistics.ZerothOrder[c];
                    double n = type == CovarianceType.Tied ? statistics.WeightSum : statistics.ZerothOrder[m];
                    double scatter = rankOne ? a[i] * a[j] : sum / d + (i == j ? 0.01 : 0);
                    statistics.SecondOrder[m * d * d + i * d + j] = zero ? 0 : n * scatter + spread;
                }
        }
        if (matrices == 0)
            for (int i = 0; i < statistics.SecondOrder.Length; i++) statistics.SecondOrder[i] = 50 + 1000 * random.NextDouble();
        return statistics;
    }

    private static void AssertBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"value {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
