using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// Opens input files by extension: .npy (memory-mapped), .csv, HTK (.htk/.mfc/.fbk/.plp), Kaldi feature archives and
/// scripts (.ark/.scp, streamed utterance by utterance), lists of such feature files (.list/.lst), or raw little-endian
/// float32 with --dims.
/// </summary>
internal static class DataReader
{
    public const string SupportedFormats = ".npy, .csv, .htk/.mfc, .ark, .scp, a .list of feature files, or raw float32 with --dims D";

    /// <summary>Opens <paramref name="path"/>; <paramref name="dims"/> is --dims (required for raw files, checked against others).</summary>
    public static InputData Open(string path, int? dims = null)
    {
        CheckReadable(path);
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        InputData data;
        try
        {
            data = ext switch
            {
                ".npy" => OpenNpy(path),
                ".csv" => OpenCsv(path),
                ".htk" or ".mfc" or ".fbk" or ".plp" => OpenHtk(path),
                ".ark" or ".scp" or ".list" or ".lst" => OpenFeatures(path),
                _ when dims is not null => OpenRaw(path, dims.Value),
                _ => throw new CliException($"{path}: unknown input format '{(ext.Length == 0 ? "(no extension)" : ext)}'; use {SupportedFormats}."),
            };
        }
        catch (Gmm.Speech.FeatureFormatException e)
        {
            throw new CliException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read the file: {e.Message}", e);
        }
        if (dims is not null && data.Dimension != dims.Value)
        {
            data.Dispose();
            throw new CliException($"{path}: the file has {data.Dimension} features per row but --dims {dims} was given.");
        }
        return data;
    }

    /// <summary>Throws a one-line error when <paramref name="path"/> is missing, a directory or unreadable.</summary>
    public static void CheckReadable(string path)
    {
        if (Directory.Exists(path)) throw new CliException($"{path}: is a directory, not a file.");
        if (!File.Exists(path)) throw new CliException($"{path}: file not found.");
        try
        {
            using var _ = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read the file: {e.Message}", e);
        }
    }

    private static InputData OpenNpy(string path)
    {
        NpyFormat.Header header;
        long length;
        using (var stream = File.OpenRead(path))
        {
            header = NpyFormat.ReadHeader(path, stream);
            length = stream.Length;
        }
        long rows = header.Rows, columns = header.Columns;
        if (rows < 1 || columns < 1)
            throw new CliException($"{path}: .npy array of shape ({string.Join(", ", header.Shape)}) holds no points.");
        if (columns > int.MaxValue / 65536)
            throw new CliException($"{path}: .npy array has {columns} columns; that is too many features.");
        long needed = header.DataOffset + rows * columns * header.ElementSize;
        if (length < needed)
            throw new CliException($"{path}: malformed .npy file: shape ({string.Join(", ", header.Shape)}) needs {needed} bytes but the file has {length} (truncated?).");
        return header.IsSingle
            ? Mapped<float>(path, header.DataOffset, rows, (int)columns)
            : Mapped<double>(path, header.DataOffset, rows, (int)columns);
    }

    private static InputData<T> Mapped<T>(string path, long offset, long rows, int columns) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var source = new MappedDataSource<T>(path, offset, rows, columns);
        return new InputData<T>(path, source, null, validated: false, owner: source);
    }

    private static InputData OpenRaw(string path, int dims)
    {
        if (dims < 1) throw new CliException($"--dims must be at least 1; got {dims}.");
        long length = new FileInfo(path).Length;
        if (length == 0) throw new CliException($"{path}: the file is empty.");
        if (length % (4L * dims) != 0)
            throw new CliException($"{path}: raw float32 file of {length} bytes is not a whole number of rows of --dims {dims} values ({4 * dims} bytes each).");
        return Mapped<float>(path, 0, length / (4L * dims), dims);
    }

    private static InputData OpenCsv(string path)
    {
        using var reader = new StreamReader(path);
        var table = CsvFormat.Read(path, reader);
        return new InputData<double>(path, new InMemoryDataSource<double>(table.Values, table.Columns), table.Header, validated: true);
    }

    private static InputData OpenHtk(string path)
    {
        var (features, _) = Gmm.Speech.Archives.HtkFile.Read(path);
        return new InputData<float>(path, new InMemoryDataSource<float>(features.Values, features.Columns), null, validated: true);
    }

    // Streamed: one utterance in memory at a time; the readers refuse non-finite values, naming the utterance.
    private static InputData OpenFeatures(string path) =>
        new InputData<float>(path, Gmm.Speech.FeatureDataSource.Open(path), null, validated: true);

    /// <summary>Reads a sample-weights file (one value per point: a 1-d .npy, a one-column .csv, ...) into n weights.</summary>
    public static double[] ReadWeights(string path, long expectedCount)
    {
        using var data = Open(path, System.IO.Path.GetExtension(path).ToLowerInvariant() is ".npy" or ".csv" or ".htk" or ".mfc" or ".fbk" or ".plp" or ".ark" or ".scp" or ".list" or ".lst" ? null : 1);
        if (data.Dimension != 1)
            throw new CliException($"{path}: sample weights must be one value per point (a single column); the file has {data.Dimension} columns.");
        if (data.Count != expectedCount)
            throw new CliException($"{path}: holds {data.Count} sample weights but the input has {expectedCount} points.");
        var weights = data.ReadAll();
        for (int i = 0; i < weights.Length; i++)
            if (!(weights[i] >= 0) || double.IsInfinity(weights[i]))
                throw new CliException($"{path}: sample weight {weights[i]} at row {i} (0-based) must be finite and ≥ 0.");
        if (!(weights.Sum() > 0)) throw new CliException($"{path}: sample weights are all zero; at least one must be positive.");
        return weights;
    }
}
