using Gmm;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>
/// The initialisation sample's indices (<see cref="DataSample.Picks"/>): the bitmap and the hash set give the same
/// indices from the same draws, in increasing order, distinct and in range; and the rows drawn are those indices' rows.
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
}
