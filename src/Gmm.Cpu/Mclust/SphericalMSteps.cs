namespace Gmm;

/// <summary>The spherical models' M-steps (closed form): EII Σ_k = λ I, VII Σ_k = λ_k I. They need only tr W_k.</summary>
internal static class SphericalMSteps
{
    /// <summary>EII: λ = Σ_k tr W_k / (n d).</summary>
    public static MclustEstimate? EII(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        var traces = scatter.Traces();
        double sum = 0;
        foreach (double t in traces) sum += t;
        double scale = sum / (scatter.Total * scatter.Dimension);
        if (!DecompositionMath.AllAbove([scale], 0)) return null;
        var covariances = new double[scatter.ComponentCount];
        Array.Fill(covariances, scale);
        return new MclustEstimate(MclustModel.EII, scatter, covariances, [scale], [], []);
    }

    /// <summary>VII: λ_k = tr W_k / (N_k d).</summary>
    public static MclustEstimate? VII(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        var traces = scatter.Traces();
        var scale = new double[scatter.ComponentCount];
        for (int i = 0; i < scale.Length; i++) scale[i] = traces[i] / (scatter.Counts[i] * scatter.Dimension);
        if (!DecompositionMath.AllAbove(scale, 0)) return null;
        return new MclustEstimate(MclustModel.VII, scatter, (double[])scale.Clone(), scale, [], []);
    }
}
