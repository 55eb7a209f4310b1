using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>The iris dataset embedded in the tool (150 points × 4 features) for the no-argument demo.</summary>
internal static class EmbeddedData
{
    public const string Name = "iris (embedded)";

    public static InputData Iris()
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream("Gmm.Cli.Data.iris.csv")
            ?? throw new CliException("the embedded iris dataset is missing from this build (src/Gmm.Cli/Data/iris.csv); pass an INPUT file.");
        using var reader = new StreamReader(stream);
        var table = CsvFormat.Read(Name, reader);
        return new InputData<double>(Name, new InMemoryDataSource<double>(table.Values, table.Columns), table.Header, validated: true);
    }
}
