using System.CommandLine;

namespace Gmm.Cli.Infrastructure;

/// <summary>--missing reject|marginalize: what a NaN in INPUT means (gmm fit, score, predict, select).</summary>
internal static class MissingOption
{
    /// <summary>A new --missing option (reject by default).</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--missing")
        {
            Description = "What NaN in INPUT means: reject (an error naming it) or marginalize (a missing value: EM and the scores use the density of each row's observed features)",
            DefaultValueFactory = _ => "reject",
        };
        option.AcceptOnlyFromAmong("reject", "marginalize");
        return option;
    }

    /// <summary>The library's setting for a validated --missing value.</summary>
    public static MissingValues Parse(string? value) => value == "marginalize" ? MissingValues.Marginalize : MissingValues.Reject;
}
