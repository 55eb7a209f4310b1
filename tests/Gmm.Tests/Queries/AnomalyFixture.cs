using System.Text.Json;
using Gmm;

namespace Gmm.Tests.Queries;

/// <summary>
/// The anomaly-detection references (tests/fixtures/anomalies/*.json, made by tests/fixtures/make_anomaly_fixtures.py):
/// scikit-learn's fitted mixtures, their score_samples and numpy's percentile thresholds.
/// </summary>
public sealed class AnomalyFixture
{
    private AnomalyFixture(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "anomalies");

    public static AnomalyFixture Load(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Folder, name + ".json"));
        return new AnomalyFixture(JsonDocument.Parse(stream).RootElement.Clone());
    }

    /// <summary>gmm_{full|tied|diag|spherical}.</summary>
    public static AnomalyFixture For(CovarianceType type) => Load("gmm_" + type switch
    {
        CovarianceType.Full => "full",
        CovarianceType.Tied => "tied",
        CovarianceType.Diagonal => "diag",
        _ => "spherical",
    });

    public double[] Array(string key) => [.. Root.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];

    public int Dimension => Root.GetProperty("n_features").GetInt32();

    public double[] X => Array("X");

    /// <summary>(contamination, numpy's threshold, points strictly below it) for each contamination of the fixture.</summary>
    public IEnumerable<(double Contamination, double Threshold, int Flagged)> Thresholds =>
        Root.GetProperty("thresholds").EnumerateArray().Select(t =>
            (t.GetProperty("contamination").GetDouble(), t.GetProperty("threshold").GetDouble(), t.GetProperty("n_flagged").GetInt32()));

    /// <summary>scikit-learn's fitted GaussianMixture.</summary>
    public GaussianMixtureModel Model(CovarianceType type) => new(type, Array("weights"), Array("means"), Array("covariances"));

    /// <summary>scikit-learn's fitted BayesianGaussianMixture (dirichlet_process, full).</summary>
    public BayesianGaussianMixtureModel Posterior() => new(WeightConcentrationPriorType.DirichletProcess, CovarianceType.Full,
        Array("weight_concentration"), Array("weight_concentration_rest"), Array("mean_precision"), Array("means"),
        Array("degrees_of_freedom"), Array("covariances"));
}
