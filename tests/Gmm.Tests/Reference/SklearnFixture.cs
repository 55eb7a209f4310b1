using System.Text.Json;
using Gmm;

namespace Gmm.Tests.Reference;

/// <summary>One scikit-learn reference run (tests/fixtures/sklearn/*.json, made by tests/fixtures/make_sklearn_fixtures.py).</summary>
public sealed class SklearnFixture
{
    public required string Name { get; init; }
    public required CovarianceType CovarianceType { get; init; }
    public required int Dimension { get; init; }
    public required int ComponentCount { get; init; }
    public required int MaxIterations { get; init; }
    public required double Tolerance { get; init; }
    public required double[] X { get; init; }
    public required double[] WeightsInit { get; init; }
    public required double[] MeansInit { get; init; }
    public required double[] PrecisionsInit { get; init; }
    public required JsonElement Expected { get; init; }

    public double[] ExpectedArray(string name) => Expected.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
    public double ExpectedValue(string name) => Expected.GetProperty(name).GetDouble();

    public GaussianMixtureOptions Options(ComputePrecision precision) => new()
    {
        ComponentCount = ComponentCount,
        CovarianceType = CovarianceType,
        MaxIterations = MaxIterations,
        Tolerance = Tolerance,
        RegularizationCovariance = 1e-6,
        Precision = precision,
        InitialParameters = new InitialParameters(WeightsInit, MeansInit, PrecisionsInit),
    };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order().Cast<string>();

    public static SklearnFixture Load(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Folder, name + ".json"));
        var root = JsonDocument.Parse(stream).RootElement.Clone();
        double[] Array(string p) => root.GetProperty(p).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return new SklearnFixture
        {
            Name = name,
            CovarianceType = root.GetProperty("covariance_type").GetString() switch
            {
                "full" => CovarianceType.Full,
                "tied" => CovarianceType.Tied,
                "diag" => CovarianceType.Diagonal,
                _ => CovarianceType.Spherical,
            },
            Dimension = root.GetProperty("n_features").GetInt32(),
            ComponentCount = root.GetProperty("n_components").GetInt32(),
            MaxIterations = root.GetProperty("max_iter").GetInt32(),
            Tolerance = root.GetProperty("tol").GetDouble(),
            X = Array("X"),
            WeightsInit = Array("weights_init"),
            MeansInit = Array("means_init"),
            PrecisionsInit = Array("precisions_init"),
            Expected = root.GetProperty("expected"),
        };
    }
}
