namespace Gmm;

/// <summary>
/// The table of mclust's 14 models: the one place that knows each model's covariance form, representation,
/// parameter count and M-step. Everything else asks it.
/// </summary>
public static class MclustModels
{
    private static readonly MclustModelInfo[] Table =
    [
        new(MclustModel.EII, "λ I", CovarianceType.Spherical, false, (k, d) => 1, SphericalMSteps.EII),
        new(MclustModel.VII, "λ_k I", CovarianceType.Spherical, false, (k, d) => k, SphericalMSteps.VII),
        new(MclustModel.EEI, "λ A", CovarianceType.Diagonal, false, (k, d) => d, DiagonalMSteps.EEI),
        new(MclustModel.VEI, "λ_k A", CovarianceType.Diagonal, true, (k, d) => k + (d - 1), DiagonalMSteps.VEI),
        new(MclustModel.EVI, "λ A_k", CovarianceType.Diagonal, false, (k, d) => 1 + k * (d - 1), DiagonalMSteps.EVI),
        new(MclustModel.VVI, "λ_k A_k", CovarianceType.Diagonal, false, (k, d) => k * d, DiagonalMSteps.VVI),
        new(MclustModel.EEE, "λ D A Dᵀ", CovarianceType.Tied, false, (k, d) => d * (d + 1) / 2, CommonOrientationMSteps.EEE),
        new(MclustModel.VEE, "λ_k D A Dᵀ", CovarianceType.Full, true, (k, d) => k + (d - 1) + d * (d - 1) / 2, CommonOrientationMSteps.VEE),
        new(MclustModel.EVE, "λ D A_k Dᵀ", CovarianceType.Full, true, (k, d) => 1 + k * (d - 1) + d * (d - 1) / 2, OrientationMMSteps.EVE),
        new(MclustModel.VVE, "λ_k D A_k Dᵀ", CovarianceType.Full, true, (k, d) => k + k * (d - 1) + d * (d - 1) / 2, OrientationMMSteps.VVE),
        new(MclustModel.EEV, "λ D_k A D_kᵀ", CovarianceType.Full, false, (k, d) => 1 + (d - 1) + k * d * (d - 1) / 2, VaryingOrientationMSteps.EEV),
        new(MclustModel.VEV, "λ_k D_k A D_kᵀ", CovarianceType.Full, true, (k, d) => k + (d - 1) + k * d * (d - 1) / 2, VaryingOrientationMSteps.VEV),
        new(MclustModel.EVV, "λ D_k A_k D_kᵀ", CovarianceType.Full, false, (k, d) => 1 - k + k * d * (d + 1) / 2, VaryingOrientationMSteps.EVV),
        new(MclustModel.VVV, "λ_k D_k A_k D_kᵀ", CovarianceType.Full, false, (k, d) => k * d * (d + 1) / 2, VaryingOrientationMSteps.VVV),
    ];

    /// <summary>The 14 models in mclust's order (<c>mclust.options("emModelNames")</c>).</summary>
    public static IReadOnlyList<MclustModelInfo> All { get; } = Array.AsReadOnly(Table);

    /// <summary>The table row of <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the 14 models.</exception>
    public static MclustModelInfo Get(MclustModel model) =>
        Enum.IsDefined(model) ? Table[(int)model] : throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown mclust model.");

    /// <summary>The mclust model with scikit-learn's covariance type: spherical VII, diag VVI, tied EEE, full VVV.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the four types.</exception>
    public static MclustModel ForCovarianceType(CovarianceType covarianceType) => covarianceType switch
    {
        CovarianceType.Spherical => MclustModel.VII,
        CovarianceType.Diagonal => MclustModel.VVI,
        CovarianceType.Tied => MclustModel.EEE,
        CovarianceType.Full => MclustModel.VVV,
        _ => throw new ArgumentOutOfRangeException(nameof(covarianceType), covarianceType, "Unknown covariance type."),
    };

    /// <summary>The model named <paramref name="name"/> (mclust's three letters, any case).</summary>
    /// <exception cref="ArgumentException">The name is not one of the 14.</exception>
    public static MclustModel Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParse(name, out var model)) return model;
        throw new ArgumentException($"'{name}' is not an mclust model; use one of {string.Join(", ", Table.Select(m => m.Name))}.", nameof(name));
    }

    /// <summary>Parses mclust's three-letter name (any case); false when it is not one of the 14.</summary>
    public static bool TryParse(string? name, out MclustModel model)
    {
        model = default;
        string trimmed = name?.Trim() ?? "";
        if (trimmed.Length != 3 || !trimmed.All(char.IsAsciiLetter)) return false;
        return Enum.TryParse(trimmed, ignoreCase: true, out model);
    }
}
