using System.Numerics;

namespace Gmm;

/// <summary>
/// Splits the points into k folds at random (a seeded shuffle, fold = position mod k, so fold sizes differ by at most
/// one) and hands out each fold's held-out points and the rest, as in-memory copies with their weights.
/// </summary>
internal sealed class CrossValidationFolds<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IDataSource<T> _data;
    private readonly int[] _fold;

    public CrossValidationFolds(IDataSource<T> data, int folds, int seed)
    {
        if (data.Count > Array.MaxLength / Math.Max(data.Dimension, 1))
            throw new ArgumentException($"Cross-validation holds the folds in memory; {data.Count} points of dimension {data.Dimension} do not fit one array.", nameof(data));
        if (data.Count < folds)
            throw new ArgumentException($"{folds} folds need at least {folds} points; the data has {data.Count}.", nameof(folds));
        _data = data;
        Count = folds;
        var order = Enumerable.Range(0, (int)data.Count).ToArray();
        new Random(seed).Shuffle(order);
        _fold = new int[order.Length];
        for (int position = 0; position < order.Length; position++) _fold[order[position]] = position % folds;
    }

    /// <summary>Number of folds.</summary>
    public int Count { get; }

    /// <summary>The points of fold <paramref name="fold"/> (held out) and of every other fold (to fit on).</summary>
    public (InMemoryDataSource<T> Train, InMemoryDataSource<T> Test) Split(int fold)
    {
        int d = _data.Dimension;
        int testCount = _fold.Count(f => f == fold), trainCount = _fold.Length - testCount;
        var train = new T[trainCount * d];
        var test = new T[testCount * d];
        var trainWeights = _data.HasWeights ? new T[trainCount] : null;
        var testWeights = _data.HasWeights ? new T[testCount] : null;
        int trainRow = 0, testRow = 0;
        foreach (var chunk in _data.GetChunks(1 << 16))
        {
            var values = chunk.Values.Span;
            var weights = chunk.Weights.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                bool held = _fold[chunk.Start + i] == fold;
                var row = values.Slice(i * d, d);
                T weight = weights.IsEmpty ? T.One : weights[i];
                if (held)
                {
                    row.CopyTo(test.AsSpan(testRow * d, d));
                    if (testWeights is not null) testWeights[testRow] = weight;
                    testRow++;
                }
                else
                {
                    row.CopyTo(train.AsSpan(trainRow * d, d));
                    if (trainWeights is not null) trainWeights[trainRow] = weight;
                    trainRow++;
                }
            }
        }
        return (new InMemoryDataSource<T>(train, d, trainWeights), new InMemoryDataSource<T>(test, d, testWeights));
    }
}
