using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Queries;

/// <summary>
/// The queries' log-sum-exp skips the terms whose exponential is exactly 0 (shifted exponent below −746) or below half the
/// partial sum's last place, and computes the exponentials only of the candidates (terms within 39 of the largest term
/// before them); the result is the every-term sum's bit for bit, including rows whose small terms change the last bit
/// (small terms before the largest, many of them, terms at the skip's bound and at the candidates' margin) and rows with
/// NaN or ±∞.
/// </summary>
public sealed class LogSumExpTests
{
    private const int D = 4, K = 5;
    private const double Ln2 = 0.6931471805599453;

    /// <summary>The sum over every term, as the queries computed it before the skip.</summary>
    private static double EveryTerm(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>A quiet NaN with the given payload.</summary>
    private static double NaN(long payload) => BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000 | payload);

    public static TheoryData<double[]> Rows()
    {
        double halfUlp = Math.Log(Math.Pow(2, -53)); // two such terms before the maximum move the sum's last bit
        return new TheoryData<double[]>
        {
            new[] { halfUlp, halfUlp, 0.0 },
            new[] { 3 + halfUlp, 3 + halfUlp, 3 + halfUlp, 3.0 },
            new[] { -1000.0, -745.0, -745.2, -746.0, -746.1, -10.0, 0.0 },
            new[] { -745.0 - 2.5, -745.0, -700.0, -38.0, -37.0, -36.0, -2.0, -2.0 },
            new[] { -5000.0, 17.0 },
            new[] { 17.0 },
            new[] { double.NegativeInfinity, double.NegativeInfinity },
            new[] { double.NegativeInfinity, -3.0, -900.0 },
            new[] { -900.0, double.NaN, 0.0 },
            new[] { -2.0, double.PositiveInfinity, -800.0 },
            new[] { double.NegativeInfinity, double.PositiveInfinity },
            // Sixteen terms of e⁻³⁸ before the maximum add 2⁻⁵⁰·⁸ to it: a fixed cutoff near −37 loses that last bit.
            Enumerable.Repeat(-38.0, 16).Append(0.0).ToArray(),
            Enumerable.Repeat(-38.0, 16).Concat([0.0, -38.0, -37.0, -36.0]).ToArray(),
            // Small terms first, some within 2⁵⁴ of the partial sum before them and some not, then the maximum.
            new[] { -200.0, -210.0, -236.0, -237.0, -238.0, -160.0, -190.0, -197.0, -198.0, 0.0, -37.0, -37.5, -38.0 },
            // Terms at the bound (e − 54)·ln 2 of a partial sum of 1 and of 2, on both sides.
            new[] { 0.0, -54 * Ln2 + 1e-12, -54 * Ln2 - 1e-12, -53 * Ln2, -55 * Ln2 },
            new[] { 0.0, 0.0, -53 * Ln2 + 1e-12, -53 * Ln2 - 1e-12, -54 * Ln2, -52 * Ln2 },
            // A subnormal partial sum (the first term is e⁻⁷⁴⁰), then terms that change it.
            new[] { -740.0, -744.0, -745.0, -700.0, 0.0 },
            // Rows of eight and more (the maximum eight at a time): NaN, ±∞ and ±0 in every part, the maximum last.
            new[] { -3.0, -2.0, -1.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0, -10.0, -11.0, -12.0, -13.0, -14.0, -15.0, -16.0, -0.5 },
            new[] { -3.0, -2.0, -1.0, -4.0, -5.0, double.NaN, -7.0, -8.0, -9.0, -10.0, -11.0 },
            new[] { -3.0, -2.0, -1.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0, -10.0, -11.0, -12.0, -13.0, -14.0, -15.0, -16.0, double.NaN },
            // Two NaNs of different payloads, the first in the scalar tail's reach only after the vector part: the
            // result carries the first one's, as the in-order maximum keeps it.
            new[] { -3.0, -2.0, -1.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0, -10.0, NaN(1), -12.0, -13.0, -14.0, -15.0, -16.0, NaN(2), -1.0 },
            new[] { -3.0, NaN(2), -1.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0, -10.0, NaN(1), -12.0, -13.0, -14.0, -15.0, -16.0, -1.0 },
            new[] { -0.0, 0.0, -0.0, -1.0, -2.0, -3.0, -4.0, -5.0, 0.0, -0.0 },
            new[] { -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0 },
            new[] { -3.0, -2.0, -1.0, -4.0, -5.0, -6.0, -7.0, -8.0, double.PositiveInfinity, -1.0 },
            Enumerable.Repeat(double.NegativeInfinity, 20).ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void SkippingZeroTermsGivesTheEveryTermSum(double[] row) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(EveryTerm(row)), BitConverter.DoubleToInt64Bits(GaussianMixtureModel.LogSumExp(row)));

    [Fact]
    public void RandomRowsMatchBitForBit()
    {
        var random = new Random(5);
        var row = new double[16];
        for (int trial = 0; trial < 20_000; trial++)
        {
            double spread = trial % 3 == 0 ? 60 : 2_000;
            for (int c = 0; c < row.Length; c++) row[c] = -spread * random.NextDouble();
            Assert.Equal(BitConverter.DoubleToInt64Bits(EveryTerm(row)), BitConverter.DoubleToInt64Bits(GaussianMixtureModel.LogSumExp(row)));
        }
    }

    [Fact]
    public void RandomRowsOfManyComponentsMatchBitForBit()
    {
        // 64 terms: spread over a few tens (many terms within 37 of the partial sum before the maximum), sorted ascending
        // (every small term precedes the largest), and clustered near the maximum.
        var random = new Random(11);
        var row = new double[64];
        for (int trial = 0; trial < 20_000; trial++)
        {
            double spread = (trial % 4) switch { 0 => 40, 1 => 80, 2 => 300, _ => 1 };
            for (int c = 0; c < row.Length; c++) row[c] = spread * random.NextDouble() - 50;
            if (trial % 5 == 0) Array.Sort(row);
            Assert.Equal(BitConverter.DoubleToInt64Bits(EveryTerm(row)), BitConverter.DoubleToInt64Bits(GaussianMixtureModel.LogSumExp(row)));
        }
    }

    [Fact]
    public void RowsAtTheCandidateMarginMatchBitForBit()
    {
        // Terms between 36 and 41 below the largest term before them (the candidates' margin is 39; a sum holding e^M skips
        // below M − 38.1), rising and falling runs, the maximum anywhere (first block, middle, scalar tail), lengths
        // around a block of four and rows longer than the candidates' stack buffer (256: the every-term loop's skip).
        var random = new Random(23);
        foreach (int length in new[] { 3, 4, 5, 9, 17, 64, 67, 256, 257, 600 })
            for (int trial = 0; trial < 2_000; trial++)
            {
                var row = new double[length];
                double largest = -300 * random.NextDouble();
                row[0] = largest;
                for (int c = 1; c < length; c++)
                {
                    row[c] = random.Next(4) switch
                    {
                        0 => largest - 36 - 5 * random.NextDouble(),
                        1 => largest - 37.4 - 0.75 * random.NextDouble(), // added or not by where the sum sits in its binade
                        2 => largest + 3 * random.NextDouble(),
                        _ => largest - 800 * random.NextDouble(),
                    };
                    largest = Math.Max(largest, row[c]);
                }
                if (trial % 3 == 0) row[random.Next(length)] = largest + 50; // the maximum at a random place
                Assert.Equal(BitConverter.DoubleToInt64Bits(EveryTerm(row)), BitConverter.DoubleToInt64Bits(GaussianMixtureModel.LogSumExp(row)));
            }
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void ScoresOfPointsFarFromMostComponentsAreTheEveryTermSums(CovarianceType type)
    {
        // Components 60 apart: most of a point's terms are far below −746, its neighbours' are not.
        const int n = 5_000;
        var random = new Random(3);
        var points = new double[n * D];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(K);
            for (int j = 0; j < D; j++) points[i * D + j] = 60.0 * c + j + 40 * (random.NextDouble() - 0.5);
        }
        var model = Model(type);

        var scores = model.ScoreSamples<double>(points);
        var logProbabilities = new double[n * K];
        using (var backend = new CpuEmBackend<double>(1)) backend.LogProbabilities(model, points, logProbabilities);
        int far = 0;
        for (int i = 0; i < n; i++)
        {
            var row = logProbabilities.AsSpan(i * K, K);
            double max = double.NegativeInfinity;
            foreach (var v in row) max = Math.Max(max, v);
            foreach (var v in row) if (v - max < -746) far++;
            Assert.Equal(BitConverter.DoubleToInt64Bits(EveryTerm(row)), BitConverter.DoubleToInt64Bits(scores[i]));
        }
        Assert.True(far > n, $"only {far} terms below −746: the data does not exercise the skip");
    }

    private static GaussianMixtureModel Model(CovarianceType type)
    {
        double[] weights = [0.1, 0.15, 0.2, 0.25, 0.3];
        var means = new double[K * D];
        for (int c = 0; c < K; c++)
            for (int j = 0; j < D; j++) means[c * D + j] = 60.0 * c + j;
        double[] covariances = type switch
        {
            CovarianceType.Full => [.. Enumerable.Range(0, K).SelectMany(c => TridiagonalCovariance.Of(D, 1 + 0.5 * c))],
            CovarianceType.Tied => TridiagonalCovariance.Of(D, 1.5),
            CovarianceType.Diagonal => [.. Enumerable.Range(0, K * D).Select(i => 0.5 + i % 3)],
            _ => [0.7, 1.3, 2.1, 1.0, 1.6],
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }
}
