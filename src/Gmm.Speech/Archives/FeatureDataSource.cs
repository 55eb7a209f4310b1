using Gmm.Speech.Archives;

namespace Gmm.Speech;

/// <summary>
/// The frames of one or more feature archives as one stream of points for fitting and scoring: utterances are read one
/// at a time and their frames packed into chunks, so an archive far larger than memory streams. Opening it reads every
/// utterance's size (headers only for binary data) to know the count and check that every utterance has the same
/// dimension; utterances without frames are skipped.
/// </summary>
public sealed class FeatureDataSource : IDataSource<float>
{
    private readonly IReadOnlyList<FeatureArchive> _archives;

    /// <summary>Streams the utterances of <paramref name="archives"/>, in order.</summary>
    /// <exception cref="FeatureFormatException">A malformed file, utterances of different dimensions, or no frames at all.</exception>
    public FeatureDataSource(IReadOnlyList<FeatureArchive> archives)
    {
        ArgumentNullException.ThrowIfNull(archives);
        if (archives.Count == 0) throw new ArgumentException("at least one archive is needed.", nameof(archives));
        _archives = archives;
        int dimension = 0;
        long count = 0;
        string? firstKey = null, firstPath = null;
        foreach (var archive in archives)
        {
            foreach (var shape in archive.ReadShapes())
            {
                if (shape.Rows == 0) continue;
                if (dimension == 0) (dimension, firstKey, firstPath) = (shape.Columns, shape.Key, archive.Path);
                else if (shape.Columns != dimension)
                    throw new FeatureFormatException(archive.Path, $"has {shape.Columns} features per frame but utterance '{firstKey}' of {firstPath} has {dimension}; all utterances must have the same dimension.", shape.Key);
                count += shape.Rows;
            }
        }
        if (count == 0) throw new FeatureFormatException(archives[0].Path, archives.Count == 1 ? "holds no frames." : $"and the {archives.Count - 1} other file(s) hold no frames.");
        Dimension = dimension;
        Count = count;
    }

    /// <summary>Opens each path with <see cref="FeatureArchive.Open"/>.</summary>
    public static FeatureDataSource Open(params string[] paths) => new(paths.Select(FeatureArchive.Open).ToArray());

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public long Count { get; }

    /// <inheritdoc />
    public bool HasWeights => false;

    /// <summary>The archives read, in order.</summary>
    public IReadOnlyList<FeatureArchive> Archives => _archives;

    /// <inheritdoc />
    public IEnumerable<DataChunk<float>> GetChunks(int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        int d = Dimension;
        int capacity = (int)Math.Min(maxRows, Count);
        var buffer = new float[(long)capacity * d];
        int filled = 0;
        long start = 0;
        foreach (var archive in _archives)
        {
            foreach (var utterance in archive.ReadUtterances())
            {
                var m = utterance.Features;
                if (m.Rows == 0) continue;
                if (m.Columns != d)
                    throw new FeatureFormatException(archive.Path, $"has {m.Columns} features per frame, {d} expected (did the file change while being read?).", utterance.Key);
                int row = 0;
                while (row < m.Rows)
                {
                    int take = Math.Min(capacity - filled, m.Rows - row);
                    m.Values.AsSpan(row * d, take * d).CopyTo(buffer.AsSpan(filled * d));
                    filled += take;
                    row += take;
                    if (filled == capacity)
                    {
                        yield return new DataChunk<float>(start, d, buffer);
                        start += filled;
                        filled = 0;
                        buffer = new float[(long)capacity * d];
                    }
                }
            }
        }
        if (start + filled != Count)
            throw new FeatureFormatException(_archives[0].Path, $"{start + filled} frames were read but {Count} were counted when the source was opened (did a file change?).");
        if (filled > 0) yield return new DataChunk<float>(start, d, buffer.AsMemory(0, filled * d));
    }
}
