namespace Gmm.Cli.Infrastructure.Files;

/// <summary>What an output option writes, and so which file names it accepts.</summary>
/// <param name="What">The content, for messages ("the model (JSON)").</param>
/// <param name="Extensions">Accepted extensions with the dot, lower case; empty: any name.</param>
internal sealed record OutputKind(string What, params string[] Extensions)
{
    /// <summary>A model file (gmm-model/1 JSON).</summary>
    public static OutputKind Model { get; } = new("the model as JSON", ".json");

    /// <summary>A table of numbers: NumPy .npy or CSV, chosen by the extension.</summary>
    public static OutputKind Table { get; } = new("a table as .npy or CSV", ".npy", ".csv");

    /// <summary>A chart: PNG or SVG, chosen by the extension.</summary>
    public static OutputKind Plot { get; } = new("a chart as PNG or SVG", ".png", ".svg");

    /// <summary>A model file, or (where the command writes one per speaker) a folder of them: checked by the command once it knows which.</summary>
    public static OutputKind ModelOrFolder { get; } = new("a model as JSON or a folder of models") { FolderAllowed = true };

    /// <summary>Whether the output may name a folder (the command then checks each file it writes there).</summary>
    public bool FolderAllowed { get; init; }

    /// <summary>Text of the named format under any file name.</summary>
    public static OutputKind Text { get; } = new("text");

    /// <summary>Throws unless <paramref name="path"/> has one of the <see cref="Extensions"/>.</summary>
    public void CheckExtension(string path, string option)
    {
        if (Extensions.Length == 0) return;
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new CliException($"{option} {path}: the extension {(extension.Length == 0 ? "is missing" : $"'{extension}' does not fit")}; {option} writes {What}, so give a {string.Join(" or ", Extensions)} file name.");
    }
}
