using Gmm;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>
/// The initialisation sample's indices (<see cref="DataSample.Picks"/>): the bitmap and the hash set give the same
/// indices from the same draws, in increasing order, distinct and in range; and the rows drawn are those indices' rows.
/// A sample of float32 data is held in float32, and the k-means start from it equals the start from the same values
/// in float64 bit for bit.
/// </summary>
public class DataSampleTests
{
    [Theory]
    [InlineData(200_000L, 100_000, 42)]
    [InlineData(100_001L, 100_000, 1)]
    [InlineData(1_000L, 999, 7)]
    [InlineData(64L, 1, 3)]
    [InlineData(129L, 65, 11)]
    [InlineData(5_000_000L, 100_000, 2)]
    public void BitmapAndHashSetPickTheSameIndices(long n, int m, int seed)
    {
        var bitmap = DataSample.PicksByBitmap(n, m, new Random(seed));
        var hashed = DataSample.PicksByHashSet(n, m, new Random(seed));
        Assert.Equal(hashed, bitmap);
        Assert.Equal(m, bitmap.Length);
        for (int i = 1; i < m; i++) Assert.True(bitmap[i] > bitmap[i - 1]);
        Assert.InRange(bitmap[0], 0, n - 1);
        Assert.InRange(bitmap[^1], 0, n - 1);
    }

    [Fact]
    public void EveryPointWhenTheDataIsSmall()
    {
        var random = new Random(5);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), DataSample.Picks(300, 300, random));
        Assert.Equal(new Random(5).Next(), random.Next()); // no draws made
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)] // whole registers of float32 values widened, nothing left
    [InlineData(17)] // registers, then single values
    [InlineData(39)]
    public void DrawnRowsAreThePickedRows(int d)
    {
        const int n = DataSample.MaxPoints + 2_345;
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (i % 9_973 + i / 9_973 * 0.25f) * (i % 3 == 1 ? -1.000001f : 1);
        var sample = DataSample.Draw(new InMemoryDataSource<float>(values, d), new Random(9));
        var picks = DataSample.PicksByHashSet(n, DataSample.MaxPoints, new Random(9));
        Assert.Equal(DataSample.MaxPoints, sample.Count);
        for (int i = 0; i < sample.Count; i++)
            for (int j = 0; j < d; j++)
                Assert.Equal((double)values[picks[i] * d + j], sample.Values[i * d + j]);
    }

    [Fact]
    public void AFloat32SourceGivesAFloat32Sample()
    {
        const int d = 5, n = 400;
        var values = new float[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = i * 0.37f - 100.3f;
        var single = DataSample.Draw(new InMemoryDataSource<float>(values, d), new Random(1));
        Assert.NotNull(single.Singles);
        Assert.Equal(values, single.Singles);
        Assert.Equal(values.Select(v => (double)v), single.Values); // widened on demand
        var wide = DataSample.Draw(new InMemoryDataSource<double>(values.Select(v => (double)v).ToArray(), d), new Random(1));
        Assert.Null(wide.Singles);
    }

    [Theory]
    [InlineData(3_000, 13, 12, 0.0)]
    [InlineData(DataSample.MaxPoints + 7_000, 39, 20, 0.0)] // drawn: the same picks from the same seed
    [InlineData(2_000, 6, 8, 1_000.0)] // far from the origin
    public void TheKMeansStartOfAFloat32SampleEqualsThatOfTheSameValuesInFloat64(int n, int d, int k, double offset)
    {
        var random = new Random(n + d);
        var centres = new double[k * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = offset + 4 * (random.NextDouble() - 0.5);
        var values = new float[n * d];
        var weights = new float[n];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(k);
            weights[i] = i % 11 == 4 ? 0 : (float)(0.5 + random.NextDouble());
            for (int j = 0; j < d; j++) values[i * d + j] = (float)(centres[c * d + j] + random.NextDouble() - 0.5);
        }
        var single = DataSample.Draw(new InMemoryDataSource<float>(values, d, weights), new Random(3));
        var wide = DataSample.Draw(new InMemoryDataSource<double>(values.Select(v => (double)v).ToArray(), d, weights.Select(w => (double)w).ToArray()), new Random(3));
        Assert.NotNull(single.Singles);
        Assert.Null(wide.Singles);
        Assert.Equal(wide.Mean(), single.Mean());
        Assert.Equal(KMeans.PlusPlusSeeds(wide, k, new Random(8)), KMeans.PlusPlusSeeds(single, k, new Random(8)));
        Assert.Equal(KMeans.Fit(wide, k, new Random(8)), KMeans.Fit(single, k, new Random(8))); // seeds, Lloyd, tolerance
    }

    [Fact]
    public void AddScaledOfFloat32ValuesEqualsAddScaledOfTheirWidenedValues()
    {
        var random = new Random(4);
        for (int n = 0; n <= 41; n++)
        {
            var source = new float[n];
            var start = new double[n];
            for (int i = 0; i < n; i++) { source[i] = (float)(random.NextDouble() * 200 - 100); start[i] = random.NextDouble() * 1e3; }
            double scale = 0.1 + random.NextDouble();
            var expected = (double[])start.Clone();
            var actual = (double[])start.Clone();
            SpanMath.AddScaled(expected, [.. source.Select(v => (double)v)], scale);
            SpanMath.AddScaled(actual, source, scale);
            Assert.Equal(expected, actual);
        }
    }
}
