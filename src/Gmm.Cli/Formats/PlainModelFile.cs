using System.Globalization;

namespace Gmm.Cli.Formats;

/// <summary>
/// Reads the usual gmm-model/1 file without System.Text.Json, whose assembly, reader statics and search tables cost
/// every command that reads a model more than the whole rest of the read. It takes only files it can read exactly as
/// <see cref="ModelFile.Read(string)"/> does and returns null for anything else, and on any doubt, so that the caller
/// reads those with JsonDocument and gives the same result or the same message: strict JSON in ASCII (no byte-order
/// mark, comments, trailing commas, escapes or control characters in strings, duplicate keys, and numbers that parse to
/// a finite double, not -0), format "gmm-model/1", integer n_components and n_features of at least 1, arrays of exactly
/// the declared shapes, a valid model whose precisions_cholesky (when given) agrees, and no mclust_model or
/// anomaly_threshold key. Every value is parsed as System.Text.Json parses it (correctly rounded doubles; the optional
/// converged, n_iter and lower_bound as <see cref="ModelFile.Outcome"/> reads them).
/// </summary>
internal static class PlainModelFile
{
    private const int MaxDepth = 32;

    /// <summary>The file's content, or null when the file must be read with JsonDocument.</summary>
    public static ModelFile.Content? TryRead(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            int at = 0;
            if (Parse(bytes, ref at, 0) is not { Kind: Kind.Object } root || SkipWhiteSpace(bytes, at) != bytes.Length) return null;
            return Build(path, root);
        }
        catch (Exception)
        {
            return null; // unreadable, or a model the library or the precisions check refuses: JsonDocument's path says why
        }
    }

    private static ModelFile.Content? Build(string path, Value root)
    {
        var keys = root.Keys!;
        if (keys.ContainsKey(ModelFile.MclustKey) || keys.ContainsKey(StoredAnomalyThreshold.ThresholdKey)) return null;
        if (Text(keys, "format") != ModelFile.Format || Text(keys, "covariance_type") is not { } typeName || ModelFile.ParseType(typeName) is not { } type)
            return null;
        if (Integer(keys, "n_components") is not { } k || Integer(keys, "n_features") is not { } d || k < 1 || d < 1) return null;
        int[] covarianceShape = type switch
        {
            CovarianceType.Full => [k, d, d],
            CovarianceType.Tied => [d, d],
            CovarianceType.Diagonal => [k, d],
            _ => [k],
        };
        if (Numbers(keys, "weights", [k]) is not { } weights || Numbers(keys, "means", [k, d]) is not { } means
            || Numbers(keys, "covariances", covarianceShape) is not { } covariances)
            return null;
        var model = new GaussianMixtureModel(type, weights, means, covariances);
        if (keys.TryGetValue("precisions_cholesky", out var factors) && factors.Kind != Kind.Null)
        {
            if (Numbers(keys, "precisions_cholesky", covarianceShape) is not { } given) return null;
            PrecisionsAgreement.Check(path, model, given);
        }
        bool? converged = keys.TryGetValue("converged", out var c) && c.Kind is Kind.True or Kind.False ? c.Kind == Kind.True : null;
        int? iterations = null;
        if (keys.TryGetValue("n_iter", out var n) && n.Kind == Kind.Number)
        {
            if (n.Integer is not { } whole) return null; // JsonElement.TryGetInt32's reading of other numbers is not repeated here
            iterations = whole;
        }
        double? lowerBound = keys.TryGetValue("lower_bound", out var l) && l.Kind == Kind.Number ? l.Number : null;
        return new ModelFile.Content(model, converged, iterations, lowerBound);
    }

    private static string? Text(Dictionary<string, Value> keys, string key) =>
        keys.TryGetValue(key, out var value) && value.Kind == Kind.String ? value.Text : null;

    private static int? Integer(Dictionary<string, Value> keys, string key) =>
        keys.TryGetValue(key, out var value) && value.Kind == Kind.Number ? value.Integer : null;

    /// <summary>The key's nested array flattened in order when it has exactly <paramref name="shape"/> and only numbers; else null.</summary>
    private static double[]? Numbers(Dictionary<string, Value> keys, string key, int[] shape)
    {
        if (!keys.TryGetValue(key, out var value)) return null;
        long count = 1;
        foreach (int length in shape) count *= length;
        if (count > int.MaxValue || count > value.Size) return null; // never sized beyond what the file holds
        var result = new double[count];
        int written = 0;
        return Flatten(value, shape, 0, result, ref written) && written == result.Length ? result : null;
    }

    private static bool Flatten(Value value, int[] shape, int level, double[] result, ref int written)
    {
        if (value.Kind != Kind.Array) return false;
        if (level + 1 == shape.Length)
        {
            // The innermost level: numbers only (an empty array has no numbers and fits only a length of 0).
            if (value.Numbers is null) return shape[level] == 0 && value.Items!.Count == 0;
            if (value.Count != shape[level] || written + value.Count > result.Length) return false;
            Array.Copy(value.Numbers, 0, result, written, value.Count);
            written += value.Count;
            return true;
        }
        if (value.Items is not { } items || items.Count != shape[level]) return false;
        foreach (var item in items)
            if (!Flatten(item, shape, level + 1, result, ref written)) return false;
        return true;
    }

    /// <summary>The value at <paramref name="at"/> (after white space), or null where the text is not in the accepted subset.</summary>
    private static Value? Parse(byte[] bytes, ref int at, int depth)
    {
        at = SkipWhiteSpace(bytes, at);
        if (at >= bytes.Length || depth > MaxDepth) return null;
        switch (bytes[at])
        {
            case (byte)'{':
                {
                    var keys = new Dictionary<string, Value>(StringComparer.Ordinal);
                    at = SkipWhiteSpace(bytes, at + 1);
                    if (at < bytes.Length && bytes[at] == '}')
                    {
                        at++;
                        return new Value(Kind.Object) { Keys = keys };
                    }
                    while (true)
                    {
                        at = SkipWhiteSpace(bytes, at);
                        if (String(bytes, ref at) is not { } key) return null;
                        at = SkipWhiteSpace(bytes, at);
                        if (at >= bytes.Length || bytes[at] != ':') return null;
                        at++;
                        if (Parse(bytes, ref at, depth + 1) is not { } item || !keys.TryAdd(key, item)) return null;
                        at = SkipWhiteSpace(bytes, at);
                        if (at >= bytes.Length) return null;
                        if (bytes[at++] == '}') return new Value(Kind.Object) { Keys = keys };
                        if (bytes[at - 1] != ',') return null;
                    }
                }
            case (byte)'[':
                {
                    at = SkipWhiteSpace(bytes, at + 1);
                    if (at < bytes.Length && bytes[at] == ']')
                    {
                        at++;
                        return new Value(Kind.Array) { Items = [] };
                    }
                    // An array of numbers (the model's rows) is kept as doubles; one with anything else as values.
                    if (Numbers(bytes, ref at) is { } numbers) return numbers;
                    var items = new List<Value>();
                    while (true)
                    {
                        if (Parse(bytes, ref at, depth + 1) is not { } item) return null;
                        items.Add(item);
                        at = SkipWhiteSpace(bytes, at);
                        if (at >= bytes.Length) return null;
                        if (bytes[at++] == ']') return new Value(Kind.Array) { Items = items };
                        if (bytes[at - 1] != ',') return null;
                    }
                }
            case (byte)'"':
                return String(bytes, ref at) is { } text ? new Value(Kind.String) { Text = text } : null;
            case (byte)'t':
                return Literal(bytes, ref at, "true") ? new Value(Kind.True) : null;
            case (byte)'f':
                return Literal(bytes, ref at, "false") ? new Value(Kind.False) : null;
            case (byte)'n':
                return Literal(bytes, ref at, "null") ? new Value(Kind.Null) : null;
            default:
                return Number(bytes, ref at, out double scalar, out int? integer) ? new Value(Kind.Number) { Number = scalar, Integer = integer } : null;
        }
    }

    /// <summary>
    /// The rest of an array (from its first item, at <paramref name="at"/>) when every item is a number, with
    /// <paramref name="at"/> moved past it; else null, with <paramref name="at"/> where it was.
    /// </summary>
    private static Value? Numbers(byte[] bytes, ref int at)
    {
        var numbers = new double[16];
        int count = 0, i = at;
        while (true)
        {
            i = SkipWhiteSpace(bytes, i);
            if (!Number(bytes, ref i, out double number, out _)) return null;
            if (count == numbers.Length) Array.Resize(ref numbers, 2 * count);
            numbers[count++] = number;
            i = SkipWhiteSpace(bytes, i);
            if (i >= bytes.Length) return null;
            if (bytes[i++] == ']')
            {
                at = i;
                return new Value(Kind.Array) { Numbers = numbers, Count = count };
            }
            if (bytes[i - 1] != ',') return null;
        }
    }

    /// <summary>A string of printable ASCII without escapes at <paramref name="at"/> (its opening quote), or null.</summary>
    private static string? String(byte[] bytes, ref int at)
    {
        if (at >= bytes.Length || bytes[at] != '"') return null;
        int start = at + 1;
        for (int i = start; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b == '"')
            {
                at = i + 1;
                return System.Text.Encoding.ASCII.GetString(bytes, start, i - start);
            }
            if (b is < 0x20 or >= 0x7f or (byte)'\\') return null;
        }
        return null;
    }

    private static bool Literal(byte[] bytes, ref int at, string word)
    {
        if (at + word.Length > bytes.Length) return false;
        for (int i = 0; i < word.Length; i++)
            if (bytes[at + i] != word[i]) return false;
        at += word.Length;
        return at == bytes.Length || IsDelimiter(bytes[at]);
    }

    /// <summary>
    /// A JSON number at <paramref name="at"/>, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite and not -0; false
    /// otherwise. <paramref name="integer"/> is its value when it is written without fraction or exponent and fits an int.
    /// </summary>
    private static bool Number(byte[] bytes, ref int at, out double number, out int? integer)
    {
        number = 0;
        integer = null;
        int start = at, i = at;
        if (i < bytes.Length && bytes[i] == '-') i++;
        if (i >= bytes.Length || !char.IsAsciiDigit((char)bytes[i])) return false;
        if (bytes[i] == '0') i++;
        else while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i])) i++;
        bool whole = true;
        if (i < bytes.Length && bytes[i] == '.')
        {
            whole = false;
            int digits = ++i;
            while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i])) i++;
            if (i == digits) return false;
        }
        if (i < bytes.Length && bytes[i] is (byte)'e' or (byte)'E')
        {
            whole = false;
            i++;
            if (i < bytes.Length && bytes[i] is (byte)'+' or (byte)'-') i++;
            int digits = i;
            while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i])) i++;
            if (i == digits) return false;
        }
        if ((i < bytes.Length && !IsDelimiter(bytes[i])) || i - start > 256) return false;
        Span<char> text = stackalloc char[i - start];
        for (int j = start; j < i; j++) text[j - start] = (char)bytes[j];
        number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number) || (number == 0 && bytes[start] == '-')) return false;
        if (whole && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)) integer = value;
        at = i;
        return true;
    }

    private static bool IsDelimiter(byte b) => b is (byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static int SkipWhiteSpace(byte[] bytes, int at)
    {
        while (at < bytes.Length && bytes[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') at++;
        return at;
    }

    private enum Kind { Object, Array, String, Number, True, False, Null }

    /// <summary>One JSON value of the subset.</summary>
    private sealed class Value(Kind kind)
    {
        public Kind Kind { get; } = kind;
        public Dictionary<string, Value>? Keys { get; init; }
        public List<Value>? Items { get; init; }
        public string? Text { get; init; }
        public double Number { get; init; }
        /// <summary>A number's value as an int when it is written as one (no fraction or exponent) and fits.</summary>
        public int? Integer { get; init; }
        /// <summary>An array of numbers: its values (the first <see cref="Count"/>).</summary>
        public double[]? Numbers { get; init; }
        public int Count { get; init; }

        /// <summary>How many numbers the value holds at most (a bound for sizing a flattened copy).</summary>
        public long Size
        {
            get
            {
                if (Numbers is not null) return Count;
                if (Items is null) return 1;
                long size = 0;
                foreach (var item in Items) size += item.Size;
                return size;
            }
        }
    }
}
