using System.Globalization;
using System.Text;
using System.Text.Json;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;

namespace Gmm.Cli.Formats;

/// <summary>
/// The model file, JSON schema "gmm-model/1": format, covariance_type (full|tied|diag|spherical), n_components,
/// n_features, weights (k), means (k×d), covariances (full k×d×d, tied d×d, diag k×d, spherical k), converged, n_iter,
/// lower_bound. The fit fields are optional on reading so that hand-written starting models load too.
/// A mixture fitted as one of R mclust's 14 models adds mclust_model (its three letters, e.g. "VEV"; covariance_type
/// stays the representation: spherical, diag, tied or full); on reading, the covariances must obey that model's
/// constraint.
/// The writer adds precisions_cholesky (shaped like covariances, scikit-learn's precisions_cholesky_ layout) so that
/// scikit-learn can use the file without recomputing it; the reader derives the model from the covariances and refuses
/// a file whose precisions_cholesky, when present, does not agree with them (<see cref="PrecisionsAgreement"/>).
/// Optional anomaly_threshold and anomaly_contamination: <see cref="StoredAnomalyThreshold"/>.
/// </summary>
internal static class ModelFile
{
    public const string Format = "gmm-model/1";

    /// <summary>The key of the mclust model name.</summary>
    public const string MclustKey = "mclust_model";

    /// <summary>
    /// A model and how its fit ended (null when the file does not say). A variational model file
    /// (<see cref="BayesianModelFile"/>) also gives its posterior, whose point estimates <see cref="Model"/> holds.
    /// </summary>
    public sealed record Content(GaussianMixtureModel Model, bool? Converged, int? Iterations, double? LowerBound,
        BayesianGaussianMixtureModel? Posterior = null, BayesianPriors? Priors = null, StoredAnomalyThreshold? Anomaly = null);

    /// <summary>The covariance_type names (scikit-learn's), in the order of <see cref="CovarianceType"/>.</summary>
    public static IReadOnlyList<string> TypeNames { get; } = [.. Enum.GetValues<CovarianceType>().Select(TypeName)];

    /// <summary>scikit-learn's name of <paramref name="type"/>: full, tied, diag or spherical.</summary>
    public static string TypeName(CovarianceType type) => type switch
    {
        CovarianceType.Full => "full",
        CovarianceType.Tied => "tied",
        CovarianceType.Diagonal => "diag",
        CovarianceType.Spherical => "spherical",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown covariance type."),
    };

    /// <summary>The covariance type named <paramref name="name"/> (one of <see cref="TypeNames"/>), else null.</summary>
    public static CovarianceType? ParseType(string name)
    {
        foreach (var type in Enum.GetValues<CovarianceType>())
            if (TypeName(type) == name) return type;
        return null;
    }

    /// <summary>Writes the model atomically (temporary file, then rename).</summary>
    public static void Write(string path, Content content)
    {
        using var file = AtomicFile.Create(path);
        Write(file.Stream, content);
        file.Commit();
    }

    public static void Write(Stream stream, Content content)
    {
        // Written by hand rather than with Utf8JsonWriter so that each matrix row sits on one line.
        var m = content.Model;
        int k = m.ComponentCount, d = m.Dimension;
        var covariances = m.Covariances.ToArray();
        var json = new StringBuilder();
        json.Append("{\n");
        json.Append($"  \"format\": \"{(content.Posterior is null ? Format : BayesianModelFile.Format)}\",\n");
        json.Append($"  \"covariance_type\": \"{TypeName(m.CovarianceType)}\",\n");
        if (content.Posterior is { } posterior) BayesianModelFile.AppendPriorType(json, posterior);
        if (m.MclustModel is { } mclust) json.Append($"  \"{MclustKey}\": \"{mclust}\",\n");
        json.Append(CultureInfo.InvariantCulture, $"  \"n_components\": {k},\n");
        json.Append(CultureInfo.InvariantCulture, $"  \"n_features\": {d},\n");
        json.Append($"  \"weights\": {Row(m.Weights.ToArray())},\n");
        json.Append($"  \"means\": {Matrix(m.Means.ToArray(), k, d, "  ")},\n");
        json.Append($"  \"covariances\": {Shaped(m.CovarianceType, covariances, k, d)},\n");
        json.Append($"  \"precisions_cholesky\": {Shaped(m.CovarianceType, m.PrecisionsCholesky.ToArray(), k, d)},\n");
        if (content.Posterior is { } variational) BayesianModelFile.AppendPosterior(json, variational, content.Priors);
        content.Anomaly?.AppendTo(json);
        json.Append($"  \"converged\": {(content.Converged is { } converged ? (converged ? "true" : "false") : "null")},\n");
        json.Append($"  \"n_iter\": {content.Iterations?.ToString(CultureInfo.InvariantCulture) ?? "null"},\n");
        json.Append($"  \"lower_bound\": {(content.LowerBound is { } bound && double.IsFinite(bound) ? Number(bound) : "null")}\n");
        json.Append("}\n");
        stream.Write(new UTF8Encoding(false).GetBytes(json.ToString()));
    }

    /// <summary>Covariance-shaped values as nested arrays: full k×d×d, tied d×d, diag k×d, spherical k.</summary>
    internal static string Shaped(CovarianceType type, double[] values, int k, int d)
    {
        if (type == CovarianceType.Tied) return Matrix(values, d, d, "  ");
        if (type == CovarianceType.Diagonal) return Matrix(values, k, d, "  ");
        if (type != CovarianceType.Full) return Row(values);
        // Loops rather than LINQ and string.Join over doubles: generic code over double that the ReadyToRun images do
        // not hold would be compiled in every process that writes a model.
        var text = new StringBuilder("[\n");
        for (int c = 0; c < k; c++)
        {
            if (c > 0) text.Append(",\n");
            AppendMatrix(text.Append("    "), values.AsSpan(c * d * d, d * d), d, d, "    ");
        }
        return text.Append("\n  ]").ToString();
    }

    internal static string Matrix(double[] values, int rows, int columns, string indent) =>
        AppendMatrix(new StringBuilder(), values, rows, columns, indent).ToString();

    internal static string Row(double[] values) => AppendRow(new StringBuilder(), values).ToString();

    /// <summary>"[\n" + each row (<see cref="AppendRow"/>) on its own line after indent + two spaces, ",\n" between them + "\n" + indent + "]".</summary>
    private static StringBuilder AppendMatrix(StringBuilder text, ReadOnlySpan<double> values, int rows, int columns, string indent)
    {
        text.Append("[\n");
        for (int r = 0; r < rows; r++)
        {
            if (r > 0) text.Append(",\n");
            AppendRow(text.Append(indent).Append("  "), values.Slice(r * columns, columns));
        }
        return text.Append('\n').Append(indent).Append(']');
    }

    /// <summary>"[v0, v1, …]", each value as <see cref="Number"/>.</summary>
    private static StringBuilder AppendRow(StringBuilder text, ReadOnlySpan<double> values)
    {
        text.Append('[');
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(Number(values[i]));
        }
        return text.Append(']');
    }

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads and validates a model file; every problem is a one-line <see cref="CliException"/> naming the file and key.</summary>
    public static Content Read(string path)
    {
        DataReader.CheckReadable(path);
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}: not a valid JSON model file: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read the file: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CliException($"{path}: a model file must hold one JSON object.");
            string format = String(path, root, "format");
            if (format == BayesianModelFile.Format) return BayesianModelFile.Read(path, root);
            if (format != Format) throw new CliException($"{path}: unsupported model format '{format}'; expected \"{Format}\" or \"{BayesianModelFile.Format}\".");
            string typeName = String(path, root, "covariance_type");
            var type = ParseType(typeName) ?? throw new CliException($"{path}: covariance_type '{typeName}' is not one of {string.Join(", ", TypeNames)}.");
            int k = Int(path, root, "n_components"), d = Int(path, root, "n_features");
            if (k < 1 || d < 1) throw new CliException($"{path}: n_components and n_features must be at least 1 (got {k} and {d}).");
            var weights = Numbers(path, Get(path, root, "weights"), "weights", [k]);
            var means = Numbers(path, Get(path, root, "means"), "means", [k, d]);
            int[] covarianceShape = type switch
            {
                CovarianceType.Full => [k, d, d],
                CovarianceType.Tied => [d, d],
                CovarianceType.Diagonal => [k, d],
                _ => [k],
            };
            var covariances = Numbers(path, Get(path, root, "covariances"), "covariances", covarianceShape);
            GaussianMixtureModel model;
            try
            {
                model = new GaussianMixtureModel(type, weights, means, covariances);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{path}: invalid model: {Errors.Describe(e)}", e);
            }
            if (root.TryGetProperty("precisions_cholesky", out var factors) && factors.ValueKind != JsonValueKind.Null)
                PrecisionsAgreement.Check(path, model, Numbers(path, factors, "precisions_cholesky", covarianceShape));
            var (converged, iterations, lowerBound) = Outcome(root);
            if (root.TryGetProperty(MclustKey, out var mclust) && mclust.ValueKind != JsonValueKind.Null)
                model = WithMclustModel(path, model, mclust);
            return new Content(model, converged, iterations, lowerBound, Anomaly: StoredAnomalyThreshold.Read(path, root));
        }
    }

    /// <summary>The optional converged, n_iter and lower_bound keys (null where absent or null).</summary>
    internal static (bool? Converged, int? Iterations, double? LowerBound) Outcome(JsonElement root)
    {
        bool? converged = root.TryGetProperty("converged", out var c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null;
        int? iterations = root.TryGetProperty("n_iter", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out int ni) ? ni : null;
        double? lowerBound = root.TryGetProperty("lower_bound", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : null;
        return (converged, iterations, lowerBound);
    }

    /// <summary>The model labelled with the file's mclust_model, which must name one of the 14 and fit the covariances.</summary>
    private static GaussianMixtureModel WithMclustModel(string path, GaussianMixtureModel model, JsonElement name)
    {
        if (name.ValueKind != JsonValueKind.String || !MclustModels.TryParse(name.GetString(), out var mclust))
            throw new CliException($"{path}: \"{MclustKey}\" must be one of mclust's models ({string.Join(", ", MclustModels.All.Select(m => m.Name))}); got {name.GetRawText()}.");
        try
        {
            return model.WithMclustModel(mclust);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{path}: \"{MclustKey}\" {mclust} does not fit the file's covariances: {Errors.Describe(e)}", e);
        }
    }

    internal static JsonElement Get(string path, JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) ? value : throw new CliException($"{path}: missing key \"{key}\".");

    internal static string String(string path, JsonElement root, string key)
    {
        var value = Get(path, root, key);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new CliException($"{path}: \"{key}\" must be a string.");
    }

    internal static int Int(string path, JsonElement root, string key)
    {
        var value = Get(path, root, key);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result) ? result : throw new CliException($"{path}: \"{key}\" must be an integer.");
    }

    /// <summary>Flattens a nested array, checking it has exactly <paramref name="shape"/>.</summary>
    internal static double[] Numbers(string path, JsonElement element, string key, int[] shape)
    {
        // Grown as values arrive (never beyond what the file holds), not sized from the shape, which the file declares.
        var result = new Values();
        Flatten(path, element, key, shape, 0, new int[shape.Length], result);
        return result.ToArray();
    }

    /// <summary>
    /// Appends the numbers of <paramref name="element"/> (level <paramref name="level"/> of <paramref name="shape"/>) to
    /// <paramref name="result"/>. <paramref name="indices"/> holds the position of <paramref name="element"/> in the outer
    /// levels; the messages name it as key[i][j]… (made only when a message is).
    /// </summary>
    private static void Flatten(string path, JsonElement element, string key, int[] shape, int level, int[] indices, Values result)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != shape[level])
            throw new CliException($"{path}: \"{key}\" must be a {string.Join("×", shape)} array; {Where(key, indices, level)} {(element.ValueKind == JsonValueKind.Array ? $"has {element.GetArrayLength()} entries instead of {shape[level]}" : "is not an array")}.");
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            indices[level] = i++;
            if (level + 1 < shape.Length) Flatten(path, item, key, shape, level + 1, indices, result);
            else if (item.ValueKind == JsonValueKind.Number) result.Add(item.GetDouble());
            else throw new CliException($"{path}: {Where(key, indices, level + 1)} must be a number.");
        }
    }

    /// <summary>key[i0][i1]… for the first <paramref name="levels"/> indices.</summary>
    private static string Where(string key, int[] indices, int levels)
    {
        var text = new StringBuilder(key);
        for (int l = 0; l < levels; l++) text.Append('[').Append(indices[l].ToString(CultureInfo.InvariantCulture)).Append(']');
        return text.ToString();
    }

    /// <summary>A growing array of doubles (a List&lt;double&gt; would be compiled in every process that reads a model: generic code over double).</summary>
    private sealed class Values
    {
        private double[] _items = new double[64];
        private int _count;

        public void Add(double value)
        {
            if (_count == _items.Length)
            {
                var larger = new double[2 * _items.Length];
                Array.Copy(_items, larger, _count);
                _items = larger;
            }
            _items[_count++] = value;
        }

        public double[] ToArray()
        {
            var result = new double[_count];
            Array.Copy(_items, result, _count);
            return result;
        }
    }
}
