using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Selection;

/// <summary>The tool's spelling of mclust's models: <c>--model VEV</c> for one, <c>--models all|EII,VVV,...</c> for a grid.</summary>
internal static class ModelNames
{
    /// <summary>The 14 names in mclust's order, for help and messages.</summary>
    public static string List { get; } = string.Join(", ", MclustModels.All.Select(m => m.Name));

    /// <summary>One model name (mclust's three letters, any case).</summary>
    /// <exception cref="CliException">Not one of the 14.</exception>
    public static MclustModel ParseOne(string text, string option) =>
        MclustModels.TryParse(text.Trim(), out var model) ? model
            : throw new CliException($"{option} '{text}' is not one of mclust's models: {List}.");

    /// <summary>"all", or a comma-separated list of distinct model names, in the order given.</summary>
    /// <exception cref="CliException">An unknown or repeated name, or an empty list.</exception>
    public static MclustModel[] ParseList(string text, string option)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return [.. MclustModels.All.Select(m => m.Model)];
        var models = new List<MclustModel>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var model = ParseOne(part, option);
            if (models.Contains(model)) throw new CliException($"{option} '{text}' names {model} twice.");
            models.Add(model);
        }
        return models.Count > 0 ? [.. models] : throw new CliException($"{option} '{text}' names no model; give 'all' or a list such as EII,VVV.");
    }
}
