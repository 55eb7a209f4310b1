using Gmm;
using Xunit;

namespace Gmm.Tests.Mclust;

public class CrossValidationFoldsTests
{
    [Fact]
    public void FoldsPartitionThePointsWithTheirWeights()
    {
        const int n = 103, d = 2, k = 5;
        var values = Enumerable.Range(0, n * d).Select(i => (double)i).ToArray();
        var weights = Enumerable.Range(0, n).Select(i => 1.0 + i).ToArray();
        var folds = new CrossValidationFolds<double>(new InMemoryDataSource<double>(values, d, weights), k, seed: 7);
        var seen = new List<double>();
        for (int f = 0; f < k; f++)
        {
            var (train, test) = folds.Split(f);
            Assert.InRange(test.Count, n / k, n / k + 1);
            Assert.Equal(n, train.Count + test.Count);
            foreach (var chunk in test.GetChunks(1000))
                for (int i = 0; i < chunk.Count; i++)
                {
                    double first = chunk.Values.Span[i * d];
                    Assert.Equal(first + 1, chunk.Values.Span[i * d + 1]); // rows stay whole
                    Assert.Equal(first / d + 1, chunk.Weights.Span[i]);   // and keep their weight
                    seen.Add(first);
                }
        }
        Assert.Equal(Enumerable.Range(0, n).Select(i => (double)(i * d)), seen.Order()); // every point held out once
    }

    [Fact]
    public void TheSeedFixesTheFolds()
    {
        var data = new InMemoryDataSource<double>(Enumerable.Range(0, 40).Select(i => (double)i).ToArray(), 1);
        double[] Held(int seed) => new CrossValidationFolds<double>(data, 4, seed).Split(0).Test.GetChunks(100).Single().Values.ToArray();
        Assert.Equal(Held(1), Held(1));
        Assert.NotEqual(Held(1), Held(2));
    }

    [Fact]
    public void FewerPointsThanFoldsIsRefused()
    {
        var data = new InMemoryDataSource<double>(new double[] { 1, 2, 3 }, 1);
        Assert.Equal("folds", Assert.Throws<ArgumentException>(() => new CrossValidationFolds<double>(data, 5, 0)).ParamName);
    }
}
