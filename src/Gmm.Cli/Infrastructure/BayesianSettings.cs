using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Gmm.Cli.Infrastructure;

/// <summary>gmm fit's variational options (--bayesian and the priors), with validation and mapping to <see cref="BayesianGaussianMixtureOptions"/>.</summary>
internal sealed class BayesianSettings
{
    public Option<string?> Bayesian { get; } = new("--bayesian")
    {
        Description = "Fit variationally (scikit-learn's BayesianGaussianMixture) with this prior on the weights; K is then an upper bound [default prior: dirichlet-process]",
        HelpName = "dirichlet-process|dirichlet-distribution",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public Option<double?> WeightConcentrationPrior { get; } = new("--weight-concentration-prior")
    {
        HelpName = "G",
        Description = "With --bayesian: concentration γ > 0 of the weight prior; smaller empties more components [default: 1/K]",
    };
    public Option<double?> MeanPrecisionPrior { get; } = new("--mean-precision-prior")
    {
        HelpName = "K0",
        Description = "With --bayesian: precision κ₀ > 0 of the prior on the means [default: 1]",
    };
    public Option<double?> DegreesOfFreedomPrior { get; } = new("--degrees-of-freedom-prior")
    {
        HelpName = "NU0",
        Description = "With --bayesian: Wishart degrees of freedom ν₀ > d − 1 [default: d, the number of features]",
    };

    public BayesianSettings()
    {
        // The prior's name is optional, so the parser gives --bayesian the next token when one follows (INPUT, say).
        Bayesian.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return null;
            string value = result.Tokens[0].Value;
            if (value is "dirichlet-process" or "dirichlet-distribution") return value;
            result.AddError($"--bayesian takes dirichlet-process or dirichlet-distribution; got '{value}' (to use the default prior, put --bayesian after INPUT or name the prior).");
            return null;
        };
        Positive(WeightConcentrationPrior);
        Positive(MeanPrecisionPrior);
        Finite(DegreesOfFreedomPrior);
    }

    /// <summary>
    /// Adds the variational options to <paramref name="command"/>, and says in the help of the <paramref name="shared"/>
    /// --tol and --reg-covar what they mean for a variational fit (scikit-learn's BayesianGaussianMixture's tol and reg_covar).
    /// </summary>
    public void AddTo(Command command, FitSettings shared)
    {
        shared.Tolerance.Description += " (with --bayesian: of the evidence lower bound, a sum over the points, as scikit-learn's)";
        shared.RegularizationCovariance.Description += " (with --bayesian: to each component's covariance estimate before the Wishart update)";
        foreach (var option in new Option[] { Bayesian, WeightConcentrationPrior, MeanPrecisionPrior, DegreesOfFreedomPrior })
            command.Add(option);
    }

    /// <summary>True when --bayesian was given (with or without a prior name); a prior option without it is an error.</summary>
    public bool IsRequested(ParseResult result)
    {
        if (result.GetResult(Bayesian) is not null) return true;
        foreach (var option in new Option[] { WeightConcentrationPrior, MeanPrecisionPrior, DegreesOfFreedomPrior })
            if (result.GetResult(option) is not null)
                throw new CliException($"{option.Name} applies to a variational fit: add --bayesian.");
        return false;
    }

    /// <summary>Refuses a --degrees-of-freedom-prior that is not above d − 1 for data of <paramref name="dimension"/> features.</summary>
    public void CheckDegreesOfFreedom(ParseResult result, int dimension)
    {
        if (result.GetValue(DegreesOfFreedomPrior) is { } nu && !(nu > dimension - 1))
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"{DegreesOfFreedomPrior.Name} must be greater than d − 1 = {dimension - 1} (d = {dimension} features); got {nu}."));
    }

    /// <summary>
    /// The posterior a --bayesian fit starts from: the --init-model file's, which must be a variational model whose
    /// weight prior agrees with --bayesian's (when one is named); null without --init-model.
    /// </summary>
    public BayesianGaussianMixtureModel? Start(ParseResult result, Formats.ModelFile.Content? start, string? initModelPath)
    {
        if (start is null) return null;
        var posterior = start.Posterior
            ?? throw new CliException($"--init-model {initModelPath} is a {Formats.ModelFile.Format} file; a --bayesian fit starts from a {Formats.BayesianModelFile.Format} file (a posterior).");
        string? priorName = result.GetValue(Bayesian);
        if (priorName is not null && Formats.BayesianModelFile.ParseOptionName(priorName) != posterior.WeightConcentrationPriorType)
            throw new CliException($"--bayesian {priorName} contradicts --init-model {initModelPath}, whose weight_concentration_prior_type is {Formats.BayesianModelFile.PriorTypeName(posterior.WeightConcentrationPriorType)}.");
        return posterior;
    }

    /// <summary>Variational options with the shared settings of <paramref name="shared"/> and the priors given on the command line.</summary>
    public BayesianGaussianMixtureOptions Build(ParseResult result, GaussianMixtureOptions shared, BayesianGaussianMixtureModel? start) => new()
    {
        ComponentCount = shared.ComponentCount,
        CovarianceType = shared.CovarianceType,
        Tolerance = shared.Tolerance,
        RegularizationCovariance = shared.RegularizationCovariance,
        MaxIterations = shared.MaxIterations,
        InitializationCount = shared.InitializationCount,
        Initialization = shared.Initialization,
        Seed = shared.Seed,
        Precision = shared.Precision,
        InMemoryLimitBytes = shared.InMemoryLimitBytes,
        WeightConcentrationPriorType = start?.WeightConcentrationPriorType ?? Formats.BayesianModelFile.ParseOptionName(result.GetValue(Bayesian) ?? "dirichlet-process"),
        WeightConcentrationPrior = result.GetValue(WeightConcentrationPrior),
        MeanPrecisionPrior = result.GetValue(MeanPrecisionPrior),
        DegreesOfFreedomPrior = result.GetValue(DegreesOfFreedomPrior),
        InitialModel = start,
    };

    private static void Positive(Option<double?> option) => option.Validators.Add(r =>
    {
        if (Value(r) is { } value && (!(value > 0) || double.IsInfinity(value)))
            r.AddError($"{option.Name} must be a finite number > 0; got {value.ToString(CultureInfo.InvariantCulture)}.");
    });

    private static void Finite(Option<double?> option) => option.Validators.Add(r =>
    {
        if (Value(r) is { } value && !double.IsFinite(value))
            r.AddError($"{option.Name} must be a finite number; got {value.ToString(CultureInfo.InvariantCulture)}.");
    });

    /// <summary>The option's value, or null when absent or unparsable (the parser reports that itself).</summary>
    private static double? Value(OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<double?>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
