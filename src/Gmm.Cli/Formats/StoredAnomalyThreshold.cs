using System.Globalization;
using System.Text;
using System.Text.Json;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// The anomaly threshold a model file may carry (gmm-model/1 and gmm-bayesian-model/1): "anomaly_threshold", the
/// log-density (nats; for a variational model its score_samples) below which a point is an anomaly, and
/// "anomaly_contamination", the fraction it was set at over the training points by <c>gmm fit --contamination</c>
/// (absent or null for a threshold written by hand). <c>gmm anomalies</c> uses it when given neither --contamination
/// nor --threshold.
/// </summary>
/// <param name="Threshold">The threshold (finite, nats).</param>
/// <param name="Contamination">The contamination it was set at, or null.</param>
internal sealed record StoredAnomalyThreshold(double Threshold, double? Contamination)
{
    public const string ThresholdKey = "anomaly_threshold";
    public const string ContaminationKey = "anomaly_contamination";

    /// <summary>Appends the two keys (each line ends with a comma: more keys follow).</summary>
    public void AppendTo(StringBuilder json)
    {
        json.Append(CultureInfo.InvariantCulture, $"  \"{ThresholdKey}\": {ModelFile.Number(Threshold)},\n");
        json.Append(CultureInfo.InvariantCulture, $"  \"{ContaminationKey}\": {(Contamination is { } c ? ModelFile.Number(c) : "null")},\n");
    }

    /// <summary>The file's threshold, or null when it has none; a malformed one is a <see cref="CliException"/> naming the key.</summary>
    public static StoredAnomalyThreshold? Read(string path, JsonElement root)
    {
        if (!root.TryGetProperty(ThresholdKey, out var threshold) || threshold.ValueKind == JsonValueKind.Null) return null;
        if (threshold.ValueKind != JsonValueKind.Number || !double.IsFinite(threshold.GetDouble()))
            throw new CliException($"{path}: \"{ThresholdKey}\" must be a finite number (a log-density in nats); got {threshold.GetRawText()}.");
        double? contamination = null;
        if (root.TryGetProperty(ContaminationKey, out var fraction) && fraction.ValueKind != JsonValueKind.Null)
        {
            if (fraction.ValueKind != JsonValueKind.Number || !(fraction.GetDouble() is > 0 and < 1))
                throw new CliException($"{path}: \"{ContaminationKey}\" must be a number strictly between 0 and 1, or null; got {fraction.GetRawText()}.");
            contamination = fraction.GetDouble();
        }
        return new StoredAnomalyThreshold(threshold.GetDouble(), contamination);
    }
}
