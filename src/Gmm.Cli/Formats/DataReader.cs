using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Formats;

/// <summary>
/// Opens input files by extension: .npy (read chunk by chunk), .csv, HTK (.htk/.mfc/.fbk/.plp), Kaldi feature archives
/// and scripts (.ark/.scp, streamed utterance by utterance), lists of such feature files (.list/.lst), or raw
/// little-endian float32 with --dims.
/// </summary>
internal static class DataReader
{
    public const string SupportedFormats = ".npy, .csv, .htk/.mfc, .ark, .scp, a .list of feature files, or raw float32 with --dims D";

    /// <summary>
    /// Opens <paramref name="path"/>; <paramref name="dims"/> is --dims (required for raw files, checked against others);
    /// <paramref name="missing"/> is --missing (what a NaN means; the data carries it into its checks and queries).
    /// </summary>
    public static InputData Open(string path, int? dims = null, MissingValues missing = MissingValues.Reject)
    {
        CheckReadable(path);
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        InputData data;
        try
        {
            data = ext switch
            {
                ".npy" => OpenNpy(path),
                ".csv" => OpenCsv(path, missing == MissingValues.Marginalize),
                ".htk" or ".mfc" or ".fbk" or ".plp" => OpenHtk(path),
                ".ark" or ".scp" or ".list" or ".lst" => OpenFeatures(path),
                _ when dims is not null => OpenRaw(path, dims.Value),
                _ => throw new CliException($"{path}: unknown input format '{(ext.Length == 0 ? "(no extension)" : ext)}'; use {SupportedFormats}."),
            };
        }
        catch (IOException e) when (Errors.IsFeatureFormat(e))
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
        data.Missing = missing;
        return data;
    }

    /// <summary>Whether <see cref="Open"/> reads <paramref name="path"/> as raw float32 (its extension names none of the formats), which needs a dimension.</summary>
    public static bool IsRaw(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() is not (".npy" or ".csv" or ".htk" or ".mfc" or ".fbk" or ".plp" or ".ark" or ".scp" or ".list" or ".lst");

    /// <summary>
    /// Throws a one-line error when <paramref name="path"/> is missing, a directory or unreadable, and records it as an
    /// input of the run (<see cref="FileGuard.NoteRead"/>): every file the tool reads comes through here.
    /// </summary>
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
        FileGuard.NoteRead(path);
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
        double needed = header.DataOffset + (double)rows * columns * header.ElementSize; // in double: a forged shape must not wrap around
        if (length < needed)
            throw new CliException($"{path}: malformed .npy file: shape ({string.Join(", ", header.Shape)}) needs {needed:G} bytes but the file has {length} (truncated?).");
        return header.IsSingle
            ? FromFile<float>(path, header.DataOffset, rows, (int)columns)
            : FromFile<double>(path, header.DataOffset, rows, (int)columns);
    }

    private static InputData<T> FromFile<T>(string path, long offset, long rows, int columns) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var source = new FileDataSource<T>(path, offset, rows, columns);
        return new InputData<T>(path, source, null, validated: false, owner: source);
    }

    private static InputData OpenRaw(string path, int dims)
    {
        if (dims < 1) throw new CliException($"--dims must be at least 1; got {dims}.");
        long length = new FileInfo(path).Length;
        if (length == 0) throw new CliException($"{path}: the file is empty.");
        if (length % (4L * dims) != 0)
            throw new CliException($"{path}: raw float32 file of {length} bytes is not a whole number of rows of --dims {dims} values ({4L * dims} bytes each).");
        return FromFile<float>(path, 0, length / (4L * dims), dims);
    }

    private static InputData OpenCsv(string path, bool allowNaN)
    {
        using var reader = new StreamReader(path);
        var table = CsvFormat.Read(path, reader, allowNaN);
        return new InputData<double>(path, new InMemoryDataSource<double>(table.Values, table.Columns), table.Header, validated: !allowNaN); // NaN: rows with every value missing still to check
    }

    private static InputData OpenHtk(string path)
    {
        var (features, _) = Gmm.Speech.Archives.HtkFile.Read(path);
        return new InputData<float>(path, new InMemoryDataSource<float>(features.Values, features.Columns), null, validated: true);
    }

    // Streamed: one utterance in memory at a time; the readers refuse non-finite values, naming the utterance. The
    // archives a script or list names are inputs of the run as much as the script or list itself.
    private static InputData OpenFeatures(string path)
    {
        var source = Gmm.Speech.FeatureDataSource.Open(path);
        foreach (var archive in source.Archives)
            foreach (var file in FilesOf(archive)) FileGuard.NoteRead(file);
        return new InputData<float>(path, source, null, validated: true);
    }

    private static IEnumerable<string> FilesOf(Gmm.Speech.Archives.FeatureArchive archive) => archive switch
    {
        Gmm.Speech.Archives.KaldiScript script => script.ReadEntries().Select(e => e.File).Distinct(StringComparer.Ordinal),
        Gmm.Speech.Archives.FileListArchive list => list.ReadPaths().SelectMany(p => FilesOf(Gmm.Speech.Archives.FeatureArchive.Open(p))),
        _ => [archive.Path],
    };

    /// <summary>Reads a sample-weights file (one value per point: a 1-d .npy, a one-column .csv, ...) into n weights.</summary>
    public static double[] ReadWeights(string path, long expectedCount)
    {
        using var data = Open(path, IsRaw(path) ? 1 : null);
        if (data.Dimension != 1)
            throw new CliException($"{path}: sample weights must be one value per point (a single column); the file has {data.Dimension} columns.");
        if (data.Count != expectedCount)
            throw new CliException($"{path}: holds {data.Count} sample weights but the input has {expectedCount} points.");
        var weights = data.ReadAll();
        for (int i = 0; i < weights.Length; i++)
            if (!(weights[i] >= 0) || double.IsInfinity(weights[i]))
                throw new CliException($"{path}: sample weight {weights[i]} at {DataLocation.At(i)} must be finite and ≥ 0.");
        if (!(weights.Sum() > 0)) throw new CliException($"{path}: sample weights are all zero; at least one must be positive.");
        return weights;
    }
}
