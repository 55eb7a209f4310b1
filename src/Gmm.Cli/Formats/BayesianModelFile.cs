using System.Globalization;
using System.Text;
using System.Text.Json;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// The variational model file, JSON schema "gmm-bayesian-model/1": every key of gmm-model/1 (the point estimates
/// weights, means, covariances, precisions_cholesky, and the fit's outcome; lower_bound is the ELBO) plus what scoring
/// needs to reproduce scikit-learn's BayesianGaussianMixture: weight_concentration_prior_type (dirichlet_process |
/// dirichlet_distribution), weight_concentration (k; for dirichlet_process 2×k, scikit-learn's tuple of Beta
/// parameters), mean_precision (k), degrees_of_freedom (k, or one number for tied); and, written for reference, the
/// priors (weight_concentration_prior, mean_precision_prior, mean_prior d, degrees_of_freedom_prior, covariance_prior
/// full/tied d×d, diag d, spherical one number). On reading, the posterior is weight_concentration, mean_precision,
/// means, degrees_of_freedom and covariances; weights and precisions_cholesky are derived from it (when present in the
/// file they must agree with it), and the priors are not needed.
/// </summary>
internal static class BayesianModelFile
{
    /// <summary>Absolute difference always accepted between a weight in the file and the derived one (rounding of weights that are practically 0).</summary>
    private const double WeightSlack = 1e-12;

    public const string Format = "gmm-bayesian-model/1";

    public static string PriorTypeName(WeightConcentrationPriorType type) =>
        type == WeightConcentrationPriorType.DirichletProcess ? "dirichlet_process" : "dirichlet_distribution";

    /// <summary>The command line's name of a weight prior (dirichlet-process | dirichlet-distribution).</summary>
    public static WeightConcentrationPriorType ParseOptionName(string name) =>
        name == "dirichlet-distribution" ? WeightConcentrationPriorType.DirichletDistribution : WeightConcentrationPriorType.DirichletProcess;

    public static void AppendPriorType(StringBuilder json, BayesianGaussianMixtureModel posterior) =>
        json.Append($"  \"weight_concentration_prior_type\": \"{PriorTypeName(posterior.WeightConcentrationPriorType)}\",\n");

    public static void AppendPosterior(StringBuilder json, BayesianGaussianMixtureModel posterior, BayesianPriors? priors)
    {
        bool process = posterior.WeightConcentrationPriorType == WeightConcentrationPriorType.DirichletProcess;
        string concentration = process
            ? $"[\n    {ModelFile.Row([.. posterior.WeightConcentration])},\n    {ModelFile.Row([.. posterior.WeightConcentrationRest])}\n  ]"
            : ModelFile.Row([.. posterior.WeightConcentration]);
        json.Append($"  \"weight_concentration\": {concentration},\n");
        json.Append($"  \"mean_precision\": {ModelFile.Row([.. posterior.MeanPrecision])},\n");
        json.Append($"  \"degrees_of_freedom\": {DegreesOfFreedom(posterior)},\n");
        if (priors is null) return;
        int d = priors.Dimension;
        string covariance = priors.Covariance.Count == d * d
            ? ModelFile.Matrix([.. priors.Covariance], d, d, "    ")
            : priors.Covariance.Count == 1 ? ModelFile.Number(priors.Covariance[0]) : ModelFile.Row([.. priors.Covariance]);
        json.Append("  \"priors\": {\n");
        json.Append($"    \"weight_concentration_prior\": {ModelFile.Number(priors.WeightConcentration)},\n");
        json.Append($"    \"mean_precision_prior\": {ModelFile.Number(priors.MeanPrecision)},\n");
        json.Append($"    \"mean_prior\": {ModelFile.Row([.. priors.Mean])},\n");
        json.Append($"    \"degrees_of_freedom_prior\": {ModelFile.Number(priors.DegreesOfFreedom)},\n");
        json.Append($"    \"covariance_prior\": {covariance}\n");
        json.Append("  },\n");
    }

    private static string DegreesOfFreedom(BayesianGaussianMixtureModel posterior) =>
        posterior.CovarianceType == CovarianceType.Tied ? ModelFile.Number(posterior.DegreesOfFreedom[0]) : ModelFile.Row([.. posterior.DegreesOfFreedom]);

    /// <summary>Reads the posterior of a parsed gmm-bayesian-model/1 file; every problem names the file and the key.</summary>
    public static ModelFile.Content Read(string path, JsonElement root)
    {
        string typeName = ModelFile.String(path, root, "covariance_type");
        var type = ModelFile.ParseType(typeName) ?? throw new CliException($"{path}: covariance_type '{typeName}' is not one of full, tied, diag, spherical.");
        string priorName = ModelFile.String(path, root, "weight_concentration_prior_type");
        var priorType = priorName switch
        {
            "dirichlet_process" => WeightConcentrationPriorType.DirichletProcess,
            "dirichlet_distribution" => WeightConcentrationPriorType.DirichletDistribution,
            _ => throw new CliException($"{path}: weight_concentration_prior_type '{priorName}' is not dirichlet_process or dirichlet_distribution."),
        };
        int k = ModelFile.Int(path, root, "n_components"), d = ModelFile.Int(path, root, "n_features");
        if (k < 1 || d < 1) throw new CliException($"{path}: n_components and n_features must be at least 1 (got {k} and {d}).");
        var concentrationElement = ModelFile.Get(path, root, "weight_concentration");
        double[] concentration, rest = [];
        if (priorType == WeightConcentrationPriorType.DirichletProcess)
        {
            var both = ModelFile.Numbers(path, concentrationElement, "weight_concentration", [2, k]);
            concentration = both[..k];
            rest = both[k..];
        }
        else
            concentration = ModelFile.Numbers(path, concentrationElement, "weight_concentration", [k]);
        var meanPrecision = ModelFile.Numbers(path, ModelFile.Get(path, root, "mean_precision"), "mean_precision", [k]);
        var means = ModelFile.Numbers(path, ModelFile.Get(path, root, "means"), "means", [k, d]);
        var degreesElement = ModelFile.Get(path, root, "degrees_of_freedom");
        var degrees = type == CovarianceType.Tied && degreesElement.ValueKind == JsonValueKind.Number
            ? [degreesElement.GetDouble()]
            : ModelFile.Numbers(path, degreesElement, "degrees_of_freedom", [type == CovarianceType.Tied ? 1 : k]);
        int[] covarianceShape = type switch
        {
            CovarianceType.Full => [k, d, d],
            CovarianceType.Tied => [d, d],
            CovarianceType.Diagonal => [k, d],
            _ => [k],
        };
        var covariances = ModelFile.Numbers(path, ModelFile.Get(path, root, "covariances"), "covariances", covarianceShape);
        BayesianGaussianMixtureModel posterior;
        try
        {
            posterior = new BayesianGaussianMixtureModel(priorType, type, concentration,
                priorType == WeightConcentrationPriorType.DirichletProcess ? rest : null, meanPrecision, means, degrees, covariances);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{path}: invalid model: {Errors.Describe(e)}", e);
        }
        CheckDerived(path, root, posterior, covarianceShape);
        var (converged, iterations, lowerBound) = ModelFile.Outcome(root);
        return new ModelFile.Content(posterior.PointEstimate, converged, iterations, lowerBound, posterior, Anomaly: StoredAnomalyThreshold.Read(path, root));
    }

    /// <summary>
    /// Refuses a file whose weights or precisions_cholesky (when present) contradict the posterior they are derived from:
    /// scikit-learn takes them from the file as they are (weights_ for sample, precisions_cholesky_ for score_samples and
    /// predict), so a file that contradicts itself would be scored one way here and another way there.
    /// </summary>
    private static void CheckDerived(string path, JsonElement root, BayesianGaussianMixtureModel posterior, int[] covarianceShape)
    {
        if (root.TryGetProperty("weights", out var weightsElement) && weightsElement.ValueKind != JsonValueKind.Null)
        {
            var given = ModelFile.Numbers(path, weightsElement, "weights", [posterior.ComponentCount]);
            var derived = posterior.Weights;
            for (int c = 0; c < given.Length; c++)
                if (!(Math.Abs(given[c] - derived[c]) <= PrecisionsAgreement.Tolerance * derived[c] + WeightSlack))
                    throw new CliException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: weights[{c}] = {given[c]:R} does not agree with weight_concentration, which gives {derived[c]:R}; one of them was edited: correct it, or remove weights (it is derived from weight_concentration)."));
        }
        if (root.TryGetProperty("precisions_cholesky", out var factors) && factors.ValueKind != JsonValueKind.Null)
            PrecisionsAgreement.Check(path, posterior.PointEstimate, ModelFile.Numbers(path, factors, "precisions_cholesky", covarianceShape));
    }


    /// <summary>"4 of 20 (weight ≥ 0.01)".</summary>
    public static string EffectiveComponents(BayesianGaussianMixtureModel posterior) =>
        string.Create(CultureInfo.InvariantCulture, $"{posterior.EffectiveComponentCount()} of {posterior.ComponentCount} (weight ≥ 0.01)");
}
