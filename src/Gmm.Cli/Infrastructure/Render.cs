using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Gmm.Cli.Infrastructure;

/// <summary>Readable tables of a model's components, shared by fit, info and select.</summary>
internal static class Render
{
    private const int MaxColumns = 6;

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>"[v0, v1, …]": the first <paramref name="max"/> values (<see cref="Number"/>), then how many there are when more.</summary>
    public static string Vector(ReadOnlySpan<double> values, int max = 8)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < Math.Min(max, values.Length); i++) text.Append(i == 0 ? "" : ", ").Append(Number(values[i]));
        if (values.Length > max) text.Append(CultureInfo.InvariantCulture, $", … ({values.Length} values)");
        return text.Append(']').ToString();
    }

    /// <summary>A table: component, weight, mean per feature (or as a vector when there are many), and standard deviations.</summary>
    public static Table Components(GaussianMixtureModel model, IReadOnlyList<string>? featureNames, bool withDeviations) =>
        ComponentTable(model, featureNames, withDeviations).ToSpectre();

    /// <summary>Writes <see cref="Components"/> to the context's stdout (directly where that gives Spectre's text: <see cref="TextTable"/>).</summary>
    public static void WriteComponents(CliContext context, GaussianMixtureModel model, IReadOnlyList<string>? featureNames, bool withDeviations)
    {
        var table = ComponentTable(model, featureNames, withDeviations);
        if (context.IsTerminal || !PlainText.IsUnicode(context.Out) || !table.TryWritePlain(context.Out, CliContext.RedirectedWidth))
            context.Console.Write(table.ToSpectre());
    }

    /// <summary>The cells of <see cref="Components"/>, as plain text.</summary>
    internal static TextTable ComponentTable(GaussianMixtureModel model, IReadOnlyList<string>? featureNames, bool withDeviations)
    {
        int k = model.ComponentCount, d = model.Dimension;
        bool perColumn = d <= MaxColumns;
        var table = new TextTable(perColumn ? "weights and means (one column per feature)" : "weights and means");
        table.AddColumn("component", rightAligned: true);
        table.AddColumn("weight", rightAligned: true);
        if (perColumn)
            for (int j = 0; j < d; j++)
                table.AddColumn(featureNames is { } names && names.Count == d ? names[j] : $"x{j}", rightAligned: true);
        else
            table.AddColumn("mean", rightAligned: false);
        if (withDeviations) table.AddColumn("std. deviation per feature", rightAligned: false);
        var means = model.MeansSpan;
        var weights = model.WeightsSpan;
        var deviations = withDeviations ? Deviations(model) : null;
        for (int c = 0; c < k; c++)
        {
            var row = new List<string> { c.ToString(CultureInfo.InvariantCulture), weights[c].ToString("F4", CultureInfo.InvariantCulture) };
            if (perColumn) for (int j = 0; j < d; j++) row.Add(Number(means[c * d + j]));
            else row.Add(Vector(means.Slice(c * d, d)));
            if (deviations is not null) row.Add(Vector(deviations[c]));
            table.AddRow([.. row]);
        }
        return table;
    }

    /// <summary>Per component, the square roots of the covariance diagonal.</summary>
    public static double[][] Deviations(GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var cov = model.Covariances;
        var result = new double[k][];
        for (int c = 0; c < k; c++)
        {
            result[c] = new double[d];
            for (int j = 0; j < d; j++)
                result[c][j] = Math.Sqrt(model.CovarianceType switch
                {
                    CovarianceType.Full => cov[c * d * d + j * d + j],
                    CovarianceType.Tied => cov[j * d + j],
                    CovarianceType.Diagonal => cov[c * d + j],
                    _ => cov[c],
                });
        }
        return result;
    }

    /// <summary>A two-column grid of labelled values.</summary>
    public static Grid Facts(IEnumerable<(string Label, string Value)> facts)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        foreach (var (label, value) in facts) grid.AddRow(new Text(label), new Text(value));
        return grid;
    }

    /// <summary>
    /// Writes <see cref="Facts"/> to the context's stdout: directly where stdout is not a terminal and
    /// <see cref="TryWritePlainFacts"/> can, else through Spectre.
    /// </summary>
    public static void WriteFacts(CliContext context, IReadOnlyList<(string Label, string Value)> facts)
    {
        if (context.IsTerminal || !TryWritePlainFacts(context.Out, facts)) context.Console.Write(Facts(facts));
    }

    /// <summary>
    /// Writes <see cref="Facts"/> to <paramref name="writer"/> as Spectre lays the grid out on redirected output (each
    /// label padded to the longest and two spaces, each value padded to the longest) where the writer reaches a reader
    /// as Unicode and every label and value is simple text (<see cref="PlainText.IsSimple"/>) within
    /// <see cref="CliContext.RedirectedWidth"/>; else writes nothing and returns false.
    /// </summary>
    internal static bool TryWritePlainFacts(TextWriter writer, IReadOnlyList<(string Label, string Value)> facts)
    {
        int labels = 0, values = 0;
        bool plain = facts.Count > 0 && PlainText.IsUnicode(writer);
        foreach (var (label, value) in facts)
        {
            plain &= PlainText.IsSimple(label) && PlainText.IsSimple(value);
            labels = Math.Max(labels, label.Length);
            values = Math.Max(values, value.Length);
        }
        if (!plain || labels + values + 4 > CliContext.RedirectedWidth) return false; // the grid's columns each keep 2 columns of padding
        var text = new StringBuilder();
        foreach (var (label, value) in facts)
            text.Append(label).Append(' ', labels - label.Length + 2).Append(value).Append(' ', values - value.Length).Append(Environment.NewLine);
        writer.Write(text.ToString());
        return true;
    }
}
