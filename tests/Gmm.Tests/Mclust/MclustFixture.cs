using System.Text.Json;
using Gmm;

namespace Gmm.Tests.Mclust;

/// <summary>One R mclust reference dataset (tests/fixtures/mclust/*.json, made by tests/fixtures/make_mclust_fixtures.R).</summary>
public sealed class MclustFixture
{
    private static readonly Dictionary<string, MclustFixture> Cache = [];

    public required string Name { get; init; }
    public required int Count { get; init; }
    public required int Dimension { get; init; }
    public required int ComponentCount { get; init; }
    /// <summary>n×d row-major.</summary>
    public required double[] X { get; init; }
    /// <summary>The common start: n×G row-major responsibilities.</summary>
    public required double[] Z { get; init; }
    public required JsonElement Root { get; init; }

    public JsonElement Model(MclustModel model) => Root.GetProperty("models").GetProperty(model.ToString());

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "mclust");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order().Cast<string>();

    public static double[] Array(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static MclustFixture Load(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var cached)) return cached;
            using var stream = File.OpenRead(Path.Combine(Folder, name + ".json"));
            var root = JsonDocument.Parse(stream).RootElement.Clone();
            var fixture = new MclustFixture
            {
                Name = name,
                Count = root.GetProperty("n").GetInt32(),
                Dimension = root.GetProperty("d").GetInt32(),
                ComponentCount = root.GetProperty("G").GetInt32(),
                X = Array(root, "X"),
                Z = Array(root, "z"),
                Root = root,
            };
            Cache[name] = fixture;
            return fixture;
        }
    }

    /// <summary>Statistics of the given covariance type from the fixture's z, accumulated about the data's mean.</summary>
    public SufficientStatistics Statistics(CovarianceType type)
    {
        int n = Count, d = Dimension, k = ComponentCount;
        var center = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) center[j] += X[i * d + j] / n;
        var stats = SufficientStatistics.AboutPoint(k, type, center);
        for (int i = 0; i < n; i++)
            ResponsibilityStatistics.AddPoint(stats, X.AsSpan(i * d, d), 1, Z.AsSpan(i * k, k));
        return stats;
    }

    /// <summary>The mixture the synthetic set was drawn from, stored as its model's representation and labelled with it.</summary>
    public GaussianMixtureModel GeneratingModel()
    {
        var generating = Root.GetProperty("generating");
        var model = MclustModels.Parse(generating.GetProperty("model").GetString()!);
        var type = MclustModels.Get(model).CovarianceType;
        int k = ComponentCount, d = Dimension;
        var sigma = Array(generating, "sigma");
        var covariances = new double[SecondOrderLength(type, k, d)];
        for (int i = 0; i < k; i++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                {
                    double v = sigma[(i * d + a) * d + b];
                    switch (type)
                    {
                        case CovarianceType.Full: covariances[(i * d + a) * d + b] = v; break;
                        case CovarianceType.Tied: covariances[a * d + b] = v; break;
                        case CovarianceType.Diagonal when a == b: covariances[i * d + a] = v; break;
                        case CovarianceType.Spherical when a == 0 && b == 0: covariances[i] = v; break;
                    }
                }
        return new GaussianMixtureModel(type, Array(generating, "pro"), Array(generating, "mean"), covariances).WithMclustModel(model);
    }

    private static int SecondOrderLength(CovarianceType type, int k, int d) => type switch
    {
        CovarianceType.Full => k * d * d,
        CovarianceType.Tied => d * d,
        CovarianceType.Diagonal => k * d,
        _ => k,
    };

    /// <summary>The covariances of a model as k×d×d full matrices, whatever its type.</summary>
    public static double[] FullCovariances(GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var full = new double[k * d * d];
        var c = model.Covariances;
        for (int i = 0; i < k; i++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                    full[(i * d + a) * d + b] = model.CovarianceType switch
                    {
                        CovarianceType.Full => c[(i * d + a) * d + b],
                        CovarianceType.Tied => c[a * d + b],
                        CovarianceType.Diagonal => a == b ? c[i * d + a] : 0,
                        _ => a == b ? c[i] : 0,
                    };
        return full;
    }
}
