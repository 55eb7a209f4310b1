using System.Globalization;
using System.Text.RegularExpressions;

namespace Gmm.Cli.Infrastructure;

/// <summary>Turns exceptions and the library's messages into the tool's one-line messages, in the tool's own terms.</summary>
internal static partial class Errors
{
    /// <summary>An exception's message on one line, without .NET's " (Parameter 'x')" and "Actual value was" tails, in the tool's terms.</summary>
    public static string Describe(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
            if (e is ArgumentOutOfRangeException)
            {
                int tail = message.IndexOf("Actual value was", StringComparison.Ordinal);
                if (tail > 0) message = message[..tail];
            }
        }
        return InToolTerms(string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    /// <summary>
    /// The line for an exception no command handled (exit code 1). Failures of the machine (memory, files, the device)
    /// and of the fit (InvalidOperationException) are said as they are; anything else is a bug, named by its type.
    /// </summary>
    public static string Unexpected(Exception e, bool verbose)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : e;
        bool expected = inner is InvalidOperationException or IOException or UnauthorizedAccessException or OutOfMemoryException
            or NotSupportedException or ILGPU.Runtime.AcceleratorException;
        string message = expected ? Describe(inner) : $"unexpected {inner.GetType().Name}: {Describe(inner)} (a bug: please report it with the output of --verbose)";
        return verbose ? message : message + (expected ? "" : " Rerun with --verbose for the details.");
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is Gmm.Speech's malformed-file error (a data error, whose message names the
    /// file). A method of its own (not inlined) so that a handler that asks loads the speech assembly only when an
    /// exception reaches it, not on every run that enters the handler's method.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static bool IsFeatureFormat(IOException exception) => exception is Gmm.Speech.FeatureFormatException;

    /// <summary>
    /// The library's messages name its API (Precision = Double, RegularizationCovariance, AcceleratorPreference.Cuda,
    /// point i, feature j); the tool says the same with its options and its "row i, column j (0-based)".
    /// </summary>
    public static string InToolTerms(string message)
    {
        foreach (var (library, tool) in Terms) message = message.Replace(library, tool, StringComparison.Ordinal);
        // Both patterns need "point "; most messages (the fit's warnings) lack it and skip the regular expressions.
        return message.Contains("point ", StringComparison.Ordinal) ? PointsInToolTerms(message) : message;
    }

    /// <summary>
    /// "point i, feature j" and "at point i" in the tool's words. A method of its own (not inlined) so that the regular
    /// expressions' assembly is loaded only by a message that has a point.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string PointsInToolTerms(string message)
    {
        message = PointFeature().Replace(message, m => Formats.DataLocation.At(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        return AtPoint().Replace(message, m => "at " + Formats.DataLocation.At(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
    }

    private static readonly (string Library, string Tool)[] Terms =
    [
        ("Precision = Double (gmm: --precision double)", "--precision double"),
        ("Precision = Double", "--precision double"),
        ("Initialization = KMeansPlusPlus", "--init kmeans++"),
        ("AcceleratorPreference.IlgpuCpu", "--device ilgpu-cpu"),
        ("AcceleratorPreference.OpenCL", "--device opencl"),
        ("AcceleratorPreference.Cuda", "--device cuda"),
        ("AcceleratorPreference.Auto", "--device auto"),
        ("Use the CPU backend", "Use --device cpu"),
        ("use the CPU backend", "use --device cpu"),
        ("RegularizationCovariance", "--reg-covar"),
        ("the regularisation (reg_covar)", "the regularisation (--reg-covar)"),
        ("MaxIterations or Tolerance", "--max-iter or --tol"),
        ("MaxIterations", "--max-iter"),
        ("InitializationCount", "--n-init"),
        ("ComponentCount k", "--components"),
    ];

    [GeneratedRegex(@"\bpoint (\d+), feature (\d+)\b")]
    private static partial Regex PointFeature();

    [GeneratedRegex(@"\bat point (\d+)\b")]
    private static partial Regex AtPoint();
}
