using System.Numerics;
using Gmm;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>k-means++'s block potentials taken several at a time against one at a time.</summary>
public class BlockPotentialsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(9)]
    public void Several_EqualsSingleForEachArrayBitForBit(int count)
    {
        const int n = 1024;
        var random = new Random(count + 3);
        var weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = i % 9 == 4 ? 0 : random.NextDouble() * 3;
        var distances = new double[count + 1][]; // one array more than summed: it must be left alone
        for (int a = 0; a < distances.Length; a++)
        {
            distances[a] = new double[n];
            for (int i = 0; i < n; i++) distances[a][i] = random.NextDouble() * Math.Pow(10, random.Next(-6, 7));
        }
        var results = new double[count + 1];
        results[count] = -1;

        BlockPotentials.Several(distances, count, weights, results);

        for (int a = 0; a < count; a++) Assert.Equal(BlockPotentials.Single(distances[a], weights), results[a]);
        Assert.Equal(-1, results[count]);
    }

    [Fact]
    public void Single_IsTheLaneSumsOfFusedMultiplyAddsInOrder()
    {
        int vd = Vector<double>.Count, n = 4 * vd;
        var distances = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++) { distances[i] = 1.0 / (i + 3); weights[i] = 1 + i * 0.1; }
        var lanes = new double[vd];
        for (int i = 0; i < n; i++) lanes[i % vd] = Math.FusedMultiplyAdd(distances[i], weights[i], lanes[i % vd]);
        Assert.Equal(Vector.Sum(new Vector<double>(lanes)), BlockPotentials.Single(distances, weights));
    }

    [Fact]
    public void Several_BadArguments_Throw()
    {
        int vd = Vector<double>.Count;
        var distances = new[] { new double[2 * vd], new double[vd] };
        Assert.Throws<ArgumentException>("weights", () => BlockPotentials.Several(distances, 1, new double[vd + 1], new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => BlockPotentials.Several(distances, 3, new double[vd], new double[3]));
        Assert.Throws<ArgumentException>("distances", () => BlockPotentials.Several(distances, 2, new double[2 * vd], new double[2]));
    }
}
