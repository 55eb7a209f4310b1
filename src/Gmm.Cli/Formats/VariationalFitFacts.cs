using System.Globalization;

namespace Gmm.Cli.Formats;

/// <summary>
/// What a variational fit reports under its components (gmm fit --bayesian, gmm-cluster fit --bayesian): how it
/// converged, its evidence lower bound, the effective components, the time and the device.
/// </summary>
internal static class VariationalFitFacts
{
    /// <summary>The (label, value) lines for <paramref name="result"/>, fitted on <paramref name="device"/>.</summary>
    public static (string Label, string Value)[] For(BayesianFitResult result, string device)
    {
        var c = CultureInfo.InvariantCulture;
        return
        [
            ("converged", result.Converged ? $"yes, after {result.Iterations} iterations" : $"no, stopped after {result.Iterations} iterations"),
            ("lower bound", result.LowerBound.ToString("F6", c) + " (evidence lower bound, summed over the points)"),
            ("effective components", BayesianModelFile.EffectiveComponents(result.Model)),
            ("time", result.Elapsed.TotalSeconds.ToString("F3", c) + " s"),
            ("device", device),
        ];
    }
}
