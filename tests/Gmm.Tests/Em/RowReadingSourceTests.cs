using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>
/// A float64 source that reads rows into the caller's buffer (<see cref="IRowReadingDataSource{T}"/>, as the tool's
/// files) is converted for a float32 fit through one reused buffer: the same fit bit for bit as from the same points
/// in memory, and the same errors naming the same point.
/// </summary>
public sealed class RowReadingSourceTests
{
    private const int D = 3;

    /// <summary>Points in an array, read either way; counts both kinds of read.</summary>
    private sealed class RowReader(double[] values, int dimension) : IRowReadingDataSource<double>
    {
        public int Dimension => dimension;
        public long Count => values.Length / dimension;
        public bool HasWeights => false;
        public int RowReads { get; private set; }
        public int ChunkReads { get; private set; }

        public void ReadRows(long first, Span<double> destination)
        {
            RowReads++;
            values.AsSpan((int)(first * dimension), destination.Length).CopyTo(destination);
        }

        public IEnumerable<DataChunk<double>> GetChunks(int maxRows)
        {
            ChunkReads++;
            return new InMemoryDataSource<double>(values, dimension).GetChunks(maxRows);
        }
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Spherical)]
    public void FitFromRowReaderEqualsFitFromMemory(CovarianceType type)
    {
        // Several scan chunks (64 KiB of float64 rows each) and a partial last one.
        var values = TestData.Blobs(10_003, D, 3, seed: 4);
        var reader = new RowReader(values, D);
        var options = new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, MaxIterations = 5, Tolerance = 0, Seed = 1 };

        var fromReader = new GaussianMixture(options).Fit(reader);
        var fromMemory = new GaussianMixture(options).Fit(new InMemoryDataSource<double>(values, D));

        Assert.True(reader.RowReads > 1, $"{reader.RowReads} row reads: the conversion did not read rows into its buffer");
        Assert.Equal(fromMemory.LowerBound, fromReader.LowerBound);
        Assert.Equal(fromMemory.Model.MeansArray, fromReader.Model.MeansArray);
        Assert.Equal(fromMemory.Model.CovariancesArray, fromReader.Model.CovariancesArray);
        Assert.Equal(fromMemory.Model.WeightsArray, fromReader.Model.WeightsArray);
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(5_000 * D + 2, double.PositiveInfinity)] // past the first scan chunk
    [InlineData(10_003 * D - 1, double.NegativeInfinity)] // the last value
    public void BadValueIsNamedAsFromMemory(int index, double bad)
    {
        var values = TestData.Blobs(10_003, D, 3, seed: 4);
        values[index] = bad;
        var options = new GaussianMixtureOptions { ComponentCount = 3, MaxIterations = 2 };
        var reader = new RowReader(values, D);

        var fromReader = Assert.ThrowsAny<ArgumentException>(() => new GaussianMixture(options).Fit(reader));
        var fromMemory = Assert.ThrowsAny<ArgumentException>(() => new GaussianMixture(options).Fit(new InMemoryDataSource<double>(values, D)));
        Assert.Equal(fromMemory.Message, fromReader.Message);
        Assert.Equal(fromMemory.ParamName, fromReader.ParamName);
        Assert.Contains($"point {index / D}, feature {index % D}", fromReader.Message, StringComparison.Ordinal);
    }
}
