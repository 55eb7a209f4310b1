using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;

namespace Gmm.Cli.Infrastructure;

/// <summary>The EM options fit and select share (--covariance, --max-iter, --tol, ...), with validation and mapping to <see cref="GaussianMixtureOptions"/>.</summary>
internal sealed class FitSettings
{
    /// <summary>Help of --covariance under gmm fit (which has --init-model).</summary>
    public const string FitCovarianceDescription = "Covariance type: full, tied, diag or spherical [default: full, or the --init-model's type]";

    public Option<string?> Covariance { get; }
    public Option<int> MaxIterations { get; } = new("--max-iter") { HelpName = "N", Description = "Maximum EM iterations per initialisation (0: output the starting model)", DefaultValueFactory = _ => 100 };
    public Option<double> Tolerance { get; } = new("--tol") { HelpName = "T", Description = "Convergence threshold on the change of the mean log-likelihood", DefaultValueFactory = _ => 1e-3 };
    public Option<double> RegularizationCovariance { get; } = new("--reg-covar") { HelpName = "R", Description = "Added to the diagonal of every covariance", DefaultValueFactory = _ => 1e-6 };
    public Option<int> InitializationCount { get; } = new("--n-init") { HelpName = "N", Description = "Number of initialisations; the best is kept", DefaultValueFactory = _ => 1 };
    public Option<string> Initialization { get; } = new("--init") { Description = "Initialisation method", DefaultValueFactory = _ => "kmeans" };
    public Option<int> Seed { get; } = new("--seed") { HelpName = "S", Description = "Random seed", DefaultValueFactory = _ => 0 };
    public Option<string> Precision { get; } = new("--precision") { Description = "E-step precision (statistics are always accumulated in float64)", DefaultValueFactory = _ => "single" };
    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto = the first CUDA device, else an OpenCL GPU, else the CPU backend; a device list (cuda:all, cuda:0,1) splits the rows over several GPUs",
        HelpName = "auto|cpu|cuda|opencl|ilgpu-cpu|KIND:all|KIND:I,J,...",
        DefaultValueFactory = _ => "auto",
    };
    public Option<int?> Dims { get; } = new("--dims") { Description = "Features per row of a raw little-endian float32 INPUT", HelpName = "D" };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress, device line or summary (warnings still go to stderr)" };
    public Option<long?> InMemoryLimit { get; } = new("--in-memory-limit-mb")
    {
        HelpName = "M",
        Description = "Data needing more than M MiB in the compute precision is read from its file at every iteration instead of held in memory [default: a quarter of the memory, at most 8192]",
    };

    /// <param name="covarianceDescription">The help of --covariance, which differs between the commands that share these options.</param>
    public FitSettings(string covarianceDescription = FitCovarianceDescription)
    {
        Covariance = new("--covariance", "-c") { Description = covarianceDescription, HelpName = "full|tied|diag|spherical" };
        Covariance.AcceptOnlyFromAmong([.. ModelFile.TypeNames]);
        Initialization.AcceptOnlyFromAmong([.. InitializationNames]);
        Precision.AcceptOnlyFromAmong("single", "double");
        Device.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } device && BackendFactory.Problem(device) is { } problem) r.AddError(problem);
        });
        AtLeast(MaxIterations, 0);
        AtLeast(InitializationCount, 1);
        AtLeast(Dims, 1);
        NumberOptions.Integer(InMemoryLimit, 0, long.MaxValue >> 20);
        NonNegative(Tolerance);
        NonNegative(RegularizationCovariance);
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Covariance, MaxIterations, Tolerance, RegularizationCovariance, InitializationCount, Initialization, Seed, Precision, Device, Dims, InMemoryLimit, Quiet })
            command.Add(option);
    }

    /// <summary>Options for a fit with <paramref name="components"/> components of type <paramref name="type"/>.</summary>
    public GaussianMixtureOptions Build(ParseResult result, int components, CovarianceType type) => new()
    {
        ComponentCount = components,
        CovarianceType = type,
        MaxIterations = result.GetValue(MaxIterations),
        Tolerance = result.GetValue(Tolerance),
        RegularizationCovariance = result.GetValue(RegularizationCovariance),
        InitializationCount = result.GetValue(InitializationCount),
        Initialization = ParseInitialization(result.GetValue(Initialization)!),
        Seed = result.GetValue(Seed),
        Precision = PrecisionOf(result),
        InMemoryLimitBytes = result.GetValue(InMemoryLimit) is { } mb ? mb << 20 : new GaussianMixtureOptions().InMemoryLimitBytes,
    };

    /// <summary>--precision as the library's value.</summary>
    public ComputePrecision PrecisionOf(ParseResult result) => result.GetValue(Precision) == "double" ? ComputePrecision.Double : ComputePrecision.Single;

    /// <summary>The tool's names of the initialisation methods.</summary>
    public static IReadOnlyList<string> InitializationNames { get; } = ["kmeans", "kmeans++", "random", "random-from-data"];

    /// <summary>kmeans, kmeans++, random or random-from-data (already validated) as the library's method.</summary>
    public static InitializationMethod ParseInitialization(string name) => name switch
    {
        "kmeans++" => InitializationMethod.KMeansPlusPlus,
        "random" => InitializationMethod.Random,
        "random-from-data" => InitializationMethod.RandomFromData,
        _ => InitializationMethod.KMeans,
    };

    /// <summary>An INPUT argument; a value that looks like an option and is no file is reported as an unknown option.</summary>
    public static Argument<string?> Input(string description, bool optional)
    {
        var argument = new Argument<string?>("INPUT") { Description = description, Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne };
        argument.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && value.StartsWith('-') && value.Length > 1 && !File.Exists(value))
                r.AddError($"Unrecognized option '{value}'.");
        });
        return argument;
    }

    /// <summary>Integers ≥ <paramref name="minimum"/> (<see cref="NumberOptions"/>: one message for words, overflow and range).</summary>
    internal static void AtLeast(Option<int> option, int minimum) => NumberOptions.Integer(option, minimum);

    /// <summary>Integers ≥ <paramref name="minimum"/>, or absent.</summary>
    internal static void AtLeast(Option<int?> option, int minimum) => NumberOptions.Integer(option, minimum);

    private static void NonNegative(Option<double> option) => NumberOptions.AtLeast(option, 0);
}
