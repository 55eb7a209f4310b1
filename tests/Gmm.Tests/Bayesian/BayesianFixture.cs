using System.Text.Json;
using Gmm;

namespace Gmm.Tests.Bayesian;

/// <summary>
/// One scikit-learn BayesianGaussianMixture run (tests/fixtures/sklearn-bayes/*.json, made by
/// tests/fixtures/make_sklearn_bayes_fixtures.py; schema in tests/fixtures/README.md) with its data set.
/// </summary>
public sealed class BayesianFixture
{
    public required string Name { get; init; }
    public required CovarianceType CovarianceType { get; init; }
    public required WeightConcentrationPriorType PriorType { get; init; }
    public required int Dimension { get; init; }
    public required int ComponentCount { get; init; }
    public required int MaxIterations { get; init; }
    public required double Tolerance { get; init; }
    public required double[] X { get; init; }
    public required double[]? SampleWeights { get; init; }
    public required double[] InitialResponsibilities { get; init; }
    public required double[] FirstLogResponsibilities { get; init; }
    public required JsonElement Priors { get; init; }
    public required JsonElement PriorsGiven { get; init; }
    public required JsonElement Initial { get; init; }
    public required JsonElement First { get; init; }
    public required JsonElement Expected { get; init; }

    public int Count => X.Length / Dimension;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn-bayes");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order().Cast<string>();

    public static double[] Array(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static double[]? ArrayOrNull(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Array(element, name);

    public double[] ExpectedArray(string name) => Array(Expected, name);

    /// <summary>The data as a source in compute type T (float rounds the points).</summary>
    public IDataSource<T> Data<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new InMemoryDataSource<T>(X.Select(T.CreateTruncating).ToArray(), Dimension, SampleWeights?.Select(T.CreateTruncating).ToArray());

    /// <summary>−Σ_n w_n Σ_k r log r of the first E-step, from scikit-learn's log-responsibilities.</summary>
    public double FirstEntropy()
    {
        int k = ComponentCount;
        double sum = 0;
        for (int i = 0; i < FirstLogResponsibilities.Length; i++)
            sum -= (SampleWeights?[i / k] ?? 1) * Math.Exp(FirstLogResponsibilities[i]) * FirstLogResponsibilities[i];
        return sum;
    }

    /// <summary>A posterior (initial, first or expected) as a model.</summary>
    public BayesianGaussianMixtureModel Posterior(JsonElement p) => new(PriorType, CovarianceType,
        Array(p, "weight_concentration"), ArrayOrNull(p, "weight_concentration_rest"), Array(p, "mean_precision"),
        Array(p, "means"), Array(p, "degrees_of_freedom"), Array(p, "covariances"));

    public static BayesianFixture Load(string name)
    {
        var root = Parse(Path.Combine(Folder, name + ".json"));
        var data = Parse(Path.Combine(Folder, "data", root.GetProperty("dataset").GetString() + ".json"));
        return new BayesianFixture
        {
            Name = name,
            CovarianceType = root.GetProperty("covariance_type").GetString() switch
            {
                "full" => CovarianceType.Full,
                "tied" => CovarianceType.Tied,
                "diag" => CovarianceType.Diagonal,
                _ => CovarianceType.Spherical,
            },
            PriorType = root.GetProperty("weight_concentration_prior_type").GetString() == "dirichlet_process"
                ? WeightConcentrationPriorType.DirichletProcess
                : WeightConcentrationPriorType.DirichletDistribution,
            Dimension = root.GetProperty("n_features").GetInt32(),
            ComponentCount = root.GetProperty("n_components").GetInt32(),
            MaxIterations = root.GetProperty("max_iter").GetInt32(),
            Tolerance = root.GetProperty("tol").GetDouble(),
            X = Array(data, "X"),
            SampleWeights = ArrayOrNull(data, "sample_weight"),
            InitialResponsibilities = Array(data, "resp_init"),
            FirstLogResponsibilities = Array(root, "first_log_resp"),
            Priors = root.GetProperty("priors"),
            PriorsGiven = root.GetProperty("priors_given"),
            Initial = root.GetProperty("initial"),
            First = root.GetProperty("first"),
            Expected = root.GetProperty("expected"),
        };
    }

    private static JsonElement Parse(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }
}
