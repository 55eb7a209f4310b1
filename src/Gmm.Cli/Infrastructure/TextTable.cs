using System.Text;
using Spectre.Console;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// A table of plain-text cells (a title, columns left- or right-aligned, rows), shown as Spectre.Console shows a
/// <see cref="Table"/> with a rounded border. Where stdout is not a terminal (a file, a pipe: no colours, 160 columns)
/// and the table fits as it is, the same text is written directly (<see cref="TryWritePlain"/>): Spectre's first
/// table in a process compiles its code, and the framework's generic code over its types, at run time, which costs a
/// short fit's summary more than the fit's own iterations (docs/benchmarks.md, "The whole job of full and tied fits").
/// Anything the direct layout does not reproduce exactly (a table or title wider than the page, characters other than
/// printable ASCII and '…', an empty cell) goes to Spectre.
/// </summary>
internal sealed class TextTable(string title)
{
    private readonly List<Column> _columns = [];
    private readonly List<string[]> _rows = [];

    public string Title { get; } = title;

    public TextTable AddColumn(string header, bool rightAligned)
    {
        _columns.Add(new Column(header, rightAligned));
        return this;
    }

    /// <summary>Adds a row of one plain-text cell per column (no markup).</summary>
    public TextTable AddRow(params string[] cells)
    {
        if (cells.Length != _columns.Count) throw new ArgumentException($"a row needs {_columns.Count} cells; got {cells.Length}.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>The Spectre table (rounded border), its text escaped so that Spectre shows it as it is.</summary>
    public Table ToSpectre()
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(Title));
        foreach (var column in _columns)
        {
            var spectre = new TableColumn(Markup.Escape(column.Header));
            table.AddColumn(column.RightAligned ? spectre.RightAligned() : spectre);
        }
        foreach (var row in _rows) table.AddRow([.. row.Select(Markup.Escape)]);
        return table;
    }

    /// <summary>
    /// Writes the text Spectre would write for <see cref="ToSpectre"/> on a console of <paramref name="width"/>
    /// columns without colours, and returns true; returns false, writing nothing, where that text is not this layout's.
    /// </summary>
    public bool TryWritePlain(TextWriter writer, int width)
    {
        int columns = _columns.Count;
        if (columns == 0 || _rows.Count == 0 || !PlainText.IsSimple(Title)) return false;
        var widths = new int[columns];
        for (int j = 0; j < columns; j++)
        {
            if (!PlainText.IsSimple(_columns[j].Header)) return false;
            widths[j] = _columns[j].Header.Length;
        }
        foreach (var row in _rows)
            for (int j = 0; j < columns; j++)
            {
                if (!PlainText.IsSimple(row[j])) return false;
                widths[j] = Math.Max(widths[j], row[j].Length);
            }
        int tableWidth = 3 * columns + 1;
        foreach (int w in widths) tableWidth += w; // "│ " before each cell, " " after it, the last "│"
        if (tableWidth > width || Title.Length > tableWidth) return false;

        var text = new StringBuilder();
        int left = (tableWidth - Title.Length) / 2;
        text.Append(' ', left).Append(Title).Append(' ', tableWidth - Title.Length - left).Append(Environment.NewLine);
        Rule(text, widths, '╭', '┬', '╮');
        var headers = new string[columns];
        for (int j = 0; j < columns; j++) headers[j] = _columns[j].Header;
        Row(text, widths, headers);
        Rule(text, widths, '├', '┼', '┤');
        foreach (var row in _rows) Row(text, widths, row);
        Rule(text, widths, '╰', '┴', '╯');
        writer.Write(text.ToString());
        return true;
    }

    private static void Rule(StringBuilder text, int[] widths, char start, char between, char end)
    {
        text.Append(start);
        for (int j = 0; j < widths.Length; j++) text.Append(j == 0 ? "" : between).Append('─', widths[j] + 2);
        text.Append(end).Append(Environment.NewLine);
    }

    private void Row(StringBuilder text, int[] widths, string[] cells)
    {
        for (int j = 0; j < widths.Length; j++)
        {
            int pad = widths[j] - cells[j].Length;
            text.Append("│ ");
            if (_columns[j].RightAligned) text.Append(' ', pad).Append(cells[j]);
            else text.Append(cells[j]).Append(' ', pad);
            text.Append(' ');
        }
        text.Append('│').Append(Environment.NewLine);
    }

    /// <summary>A column's header and alignment (a class, so that the list's code is the framework's precompiled shared code).</summary>
    private sealed record Column(string Header, bool RightAligned);
}
