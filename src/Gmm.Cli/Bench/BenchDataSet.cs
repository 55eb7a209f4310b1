using System.Globalization;
using System.Numerics;
using Gmm.Benchmarking;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Bench;

/// <summary>
/// One problem's synthetic data (<see cref="BenchData"/>) placed as a fit would place a user's file of that size: held
/// in memory when it needs at most the in-memory limit (in the compute type), else written once, chunk by chunk, to a
/// temporary .npy file and read back at every iteration through the same <see cref="FileDataSource{T}"/> that reads a
/// user's large .npy. The file is deleted when the set is disposed (on Linux and macOS as soon as it is created).
/// </summary>
internal sealed class BenchDataSet<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int WriteRows = 16 * BenchData.BlockRows;

    private readonly Func<long, float[]> _row;
    private readonly float[] _few;
    private readonly IDisposable? _file;

    private BenchDataSet(IDataSource<T> source, float[] few, Func<long, float[]> row, IDisposable? file)
    {
        Source = source;
        _few = few;
        Few = new InMemoryDataSource<T>(Convert(few), source.Dimension);
        _row = row;
        _file = file;
    }

    /// <summary>All n points.</summary>
    public IDataSource<T> Source { get; }

    /// <summary>The first few points, in memory (the untimed compile run).</summary>
    public IDataSource<T> Few { get; }

    /// <summary>True when <see cref="Source"/> streams from a temporary file.</summary>
    public bool Streamed => _file is not null;

    /// <summary>The sweep's starting model for <paramref name="type"/> on all the points, or on <see cref="Few"/>.</summary>
    public GaussianMixtureModel StartModel(int k, CovarianceType type, bool few) =>
        few ? BenchData.StartModel(r => _few.AsSpan((int)(r * Source.Dimension), Source.Dimension).ToArray(), Few.Count, Source.Dimension, k, type, BenchData.ModelSeed)
            : BenchData.StartModel(_row, Source.Count, Source.Dimension, k, type, BenchData.ModelSeed);

    /// <summary>Whether data of n×d values in <typeparamref name="T"/> is streamed under <paramref name="limitBytes"/>.</summary>
    public static bool StreamsAt(long n, int d, long limitBytes)
    {
        long values = n * d; // n ≤ 1e12 and d ≤ 1e5 (ListParser's bounds): no overflow
        return values > Array.MaxLength || values > limitBytes / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }

    /// <summary>Generates the data set of n×d points around max(k, 8) centres.</summary>
    /// <exception cref="CliException">The data must stream and the folder lacks the room for it.</exception>
    public static BenchDataSet<T> Create(long n, int d, int centres, int few, BenchSettings settings, CancellationToken cancellation)
    {
        var centre = BenchData.Centres(d, centres, BenchData.DataSeed);
        var fewPoints = new float[few * d];
        BenchData.Generate(fewPoints, 0, d, centre, BenchData.DataSeed);
        if (!StreamsAt(n, d, settings.InMemoryLimitBytes))
        {
            var points = new float[n * d];
            for (long start = 0; start < n; start += WriteRows) // in slices, so that a cancellation is seen
            {
                cancellation.ThrowIfCancellationRequested();
                var slice = new float[Math.Min(WriteRows, n - start) * d];
                BenchData.Generate(slice, start, d, centre, BenchData.DataSeed);
                slice.CopyTo(points, start * d);
            }
            return new BenchDataSet<T>(new InMemoryDataSource<T>(Convert(points), d), fewPoints, r => points.AsSpan((int)(r * d), d).ToArray(), null);
        }
        var file = WriteTemporary(n, d, centre, settings.DataFolder, cancellation);
        return new BenchDataSet<T>(file, fewPoints, r => Array.ConvertAll(file.ReadRows(r, 1), v => float.CreateTruncating(v)), file);
    }

    /// <summary>
    /// Writes the n×d points as a .npy of <typeparamref name="T"/> in <paramref name="folder"/> and opens it for reading.
    /// On Linux and macOS the file's name is removed as soon as it is created (the open handle keeps the data), so not
    /// even a killed process leaves it; on Windows it is deleted when the handle closes.
    /// </summary>
    private static FileDataSource<T> WriteTemporary(long n, int d, float[] centre, string folder, CancellationToken cancellation)
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long bytes = n * d * size;
        if (!Directory.Exists(folder)) throw new CliException($"--data-dir {folder}: the folder does not exist.");
        long free = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        if (bytes + (1L << 30) > free)
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--n {n} --d {d}: the data ({bytes / 1e9:F1} GB in {(size == 4 ? "float32" : "float64")}) exceeds the in-memory limit, so the benchmark streams it from a temporary file, but {Path.GetFullPath(folder)} has {free / 1e9:F1} GB free; give --data-dir a folder with {bytes / 1e9 + 1:F0} GB free, or a smaller --n or --d."));
        string path = Path.Combine(folder, $".gmm-bench-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.npy");
        bool windows = OperatingSystem.IsWindows();
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, windows ? FileOptions.DeleteOnClose : FileOptions.None);
        try
        {
            if (!windows) File.Delete(path);
            var header = new MemoryStream();
            NpyFormat.WriteHeader(header, size == 4 ? "<f4" : "<f8", [n, d]);
            RandomAccess.Write(file, header.ToArray(), 0);
            long offset = header.Length, position = offset;
            var slice = new float[WriteRows * d];
            for (long start = 0; start < n; start += WriteRows)
            {
                cancellation.ThrowIfCancellationRequested();
                int rows = (int)Math.Min(WriteRows, n - start);
                if (rows < WriteRows) slice = new float[rows * d];
                BenchData.Generate(slice, start, d, centre, BenchData.DataSeed);
                var values = System.Runtime.InteropServices.MemoryMarshal.AsBytes(Convert(slice).AsSpan());
                RandomAccess.Write(file, values, position);
                position += values.Length;
            }
            return new FileDataSource<T>(file, offset, n, d);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static T[] Convert(float[] values) =>
        typeof(T) == typeof(float) ? (T[])(object)values : Array.ConvertAll(values, v => T.CreateTruncating(v));

    public void Dispose() => _file?.Dispose();
}
