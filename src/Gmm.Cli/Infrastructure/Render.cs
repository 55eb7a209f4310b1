using System.Globalization;
using Spectre.Console;

namespace Gmm.Cli.Infrastructure;

/// <summary>Readable tables of a model's components, shared by fit, info and select.</summary>
internal static class Render
{
    private const int MaxColumns = 6;

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Vector(IEnumerable<double> values, int max = 8)
    {
        var list = values.ToList();
        string shown = string.Join(", ", list.Take(max).Select(Number));
        return list.Count > max ? $"[{shown}, … ({list.Count} values)]" : $"[{shown}]";
    }

    /// <summary>A table: component, weight, mean per feature (or as a vector when there are many), and standard deviations.</summary>
    public static Table Components(GaussianMixtureModel model, IReadOnlyList<string>? featureNames, bool withDeviations)
    {
        int k = model.ComponentCount, d = model.Dimension;
        bool perColumn = d <= MaxColumns;
        var table = new Table().Border(TableBorder.Rounded).Title(perColumn ? "weights and means (one column per feature)" : "weights and means");
        table.AddColumn(new TableColumn("component").RightAligned());
        table.AddColumn(new TableColumn("weight").RightAligned());
        if (perColumn)
            for (int j = 0; j < d; j++)
                table.AddColumn(new TableColumn(Markup.Escape(featureNames is { } names && names.Count == d ? names[j] : $"x{j}")).RightAligned());
        else
            table.AddColumn("mean");
        if (withDeviations) table.AddColumn("std. deviation per feature");
        var means = model.Means;
        var deviations = Deviations(model);
        for (int c = 0; c < k; c++)
        {
            var row = new List<string> { c.ToString(CultureInfo.InvariantCulture), model.Weights[c].ToString("F4", CultureInfo.InvariantCulture) };
            if (perColumn) for (int j = 0; j < d; j++) row.Add(Number(means[c * d + j]));
            else row.Add(Markup.Escape(Vector(Enumerable.Range(0, d).Select(j => means[c * d + j]))));
            if (withDeviations) row.Add(Markup.Escape(Vector(deviations[c])));
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
}
