namespace Gmm.Bench;

/// <summary>"--name value" pairs for gpu-check (no System.CommandLine ceremony in the device-side checks).</summary>
internal static class BenchArgs
{
    /// <summary>Parses "--name value" pairs.</summary>
    public static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --option value, got '{args[i]}'");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    /// <summary>The value of --<paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static T Get<T>(Dictionary<string, string> options, string name, T fallback) where T : IParsable<T> =>
        options.TryGetValue(name, out var text) ? T.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
