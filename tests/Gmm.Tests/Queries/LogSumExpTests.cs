using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Queries;

/// <summary>
/// The queries' log-sum-exp skips the terms whose exponential is exactly 0 (shifted exponent below −746); the result is
/// the every-term sum's bit for bit, including rows whose small terms change the last bit and rows with NaN or ±∞.
/// </summary>
public sealed class LogSumExpTests
{
    private const int D = 4, K = 5;

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
