using System.Buffers.Binary;
using System.Text;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Formats;

/// <summary>
/// Streams a table (labels as int64, anomaly flags as numpy bool, or float64 values) to .npy or .csv, chosen by extension, through an
/// <see cref="AtomicFile"/>: rows are appended chunk by chunk and the file appears only on <see cref="Commit"/>.
/// </summary>
internal sealed class ArrayWriter : IDisposable
{
    private readonly AtomicFile _file;
    private readonly bool _npy;
    private readonly StreamWriter? _text;
    private readonly int _columns;
    private readonly long _rows;
    private long _written;
    private bool _committed;

    private ArrayWriter(string path, long rows, int columns, bool vector, bool integers, string[] header, string? descr = null)
    {
        _npy = IsNpy(path);
        _rows = rows;
        _columns = columns;
        _file = AtomicFile.Create(path);
        if (_npy)
        {
            NpyFormat.WriteHeader(_file.Stream, descr ?? (integers ? "<i8" : "<f8"), vector ? [rows] : [rows, columns]);
        }
        else
        {
            _text = new StreamWriter(_file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            _text.WriteLine(string.Join(',', header));
        }
    }

    private static bool IsNpy(string path) => Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>A writer of <paramref name="rows"/> integer labels (npy shape (n,), csv column "label").</summary>
    public static ArrayWriter ForLabels(string path, long rows) => new(path, rows, 1, vector: true, integers: true, ["label"]);

    /// <summary>A writer of <paramref name="rows"/> anomaly flags: npy bool ("|b1", one byte 0/1 per row, shape (n,)), csv column "anomaly" of 1/0.</summary>
    public static ArrayWriter ForFlags(string path, long rows) => new(path, rows, 1, vector: true, integers: true, ["anomaly"], "|b1");

    /// <summary>A writer of an n×d float64 table with CSV column names <paramref name="header"/>.</summary>
    public static ArrayWriter ForValues(string path, long rows, string[] header) => new(path, rows, header.Length, vector: false, integers: false, header);

    public void WriteLabels(ReadOnlySpan<int> labels)
    {
        if (_npy)
        {
            Span<byte> buffer = stackalloc byte[8];
            foreach (int label in labels)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer, label);
                _file.Stream.Write(buffer);
            }
        }
        else
        {
            foreach (int label in labels) _text!.WriteLine(label.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        _written += labels.Length;
    }

    public void WriteFlags(ReadOnlySpan<bool> flags)
    {
        if (_npy)
        {
            foreach (bool flag in flags) _file.Stream.WriteByte(flag ? (byte)1 : (byte)0);
        }
        else
        {
            foreach (bool flag in flags) _text!.WriteLine(flag ? "1" : "0");
        }
        _written += flags.Length;
    }

    public void WriteValues(ReadOnlySpan<double> values)
    {
        if (_npy)
        {
            Span<byte> buffer = stackalloc byte[8];
            foreach (double v in values)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(buffer, v);
                _file.Stream.Write(buffer);
            }
        }
        else
        {
            var line = new StringBuilder();
            for (int r = 0; r < values.Length / _columns; r++)
            {
                line.Clear();
                for (int j = 0; j < _columns; j++)
                {
                    if (j > 0) line.Append(',');
                    line.Append(CsvFormat.Format(values[r * _columns + j]));
                }
                _text!.WriteLine(line);
            }
        }
        _written += values.Length / _columns;
    }

    /// <summary>Checks every promised row was written and moves the file into place.</summary>
    public void Commit()
    {
        if (_written != _rows) throw new InvalidOperationException($"ArrayWriter: {_written} rows written, {_rows} promised.");
        _text?.Flush();
        _file.Commit();
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed) _text?.Dispose(); // after a commit the stream is closed and there is nothing left to flush
        _file.Dispose();
    }
}
