namespace Gmm;

/// <summary>
/// The models with one orientation and one shape for every component: EEE Σ_k = λ D A Dᵀ (closed form: the pooled
/// scatter over n) and VEE Σ_k = λ_k C with C = D A Dᵀ, det C = 1 (iterative, mclust's msvee).
/// </summary>
internal static class CommonOrientationMSteps
{
    /// <summary>EEE: Σ = Σ_k W_k / n (mclust reports no decomposition).</summary>
    public static MclustEstimate? EEE(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        var pooled = scatter.Pooled();
        var covariance = new double[pooled.Length];
        for (int e = 0; e < pooled.Length; e++) covariance[e] = pooled[e] / scatter.Total;
        return new MclustEstimate(MclustModel.EEE, scatter, covariance, [], [], []);
    }

    /// <summary>
    /// VEE (mclust's msvee, Celeux &amp; Govaert 1995 p. 785): from λ_k = 1 (mclust restarts there at every M-step),
    /// C = Σ_k W_k / λ_k scaled to det 1, then λ_k = tr(W_k C⁻¹) / (d N_k), until the relative change of the objective
    /// n d + d Σ_k N_k log λ_k is at most the inner tolerance.
    /// </summary>
    public static MclustEstimate? VEE(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var w = scatter.Full();
        var scale = Enumerable.Repeat(1.0, k).ToArray();
        var common = new double[d * d];
        var lower = new double[d * d];
        var inverse = new double[d * d];
        double target, previous = double.MaxValue / 2, error;
        int inner = 0;
        do
        {
            inner++;
            Array.Clear(common);
            for (int i = 0; i < k; i++)
                for (int e = 0; e < d * d; e++) common[e] += w[i * d * d + e] / scale[i];
            if (!CovarianceMath.TryCholesky(common, d, lower)) return null;
            double logDet = 0;
            for (int j = 0; j < d; j++) logDet += 2 * Math.Log(lower[j * d + j]);
            double g = Math.Exp(logDet / d);
            for (int e = 0; e < d * d; e++) common[e] /= g;
            if (!CovarianceMath.TryInvertSpd(common, d, inverse)) return null;
            target = scatter.Total * d;
            for (int i = 0; i < k; i++)
            {
                double trace = 0;
                for (int e = 0; e < d * d; e++) trace += w[i * d * d + e] * inverse[e]; // tr(W C⁻¹), both symmetric
                scale[i] = trace / (d * scatter.Counts[i]);
                if (!DecompositionMath.AllAbove([scale[i]], 0)) return null;
                target += d * scatter.Counts[i] * Math.Log(scale[i]);
            }
            error = Math.Abs(target - previous) / (1 + Math.Abs(target));
            previous = target;
        }
        while (error > options.InnerTolerance && inner < options.InnerMaxIterations);

        var shape = new double[d];
        var orientation = new double[d * d];
        SymmetricEigen.Decompose(common, d, shape, orientation);
        var covariances = new double[k * d * d];
        for (int i = 0; i < k; i++)
            for (int e = 0; e < d * d; e++) covariances[i * d * d + e] = scale[i] * common[e];
        return new MclustEstimate(MclustModel.VEE, scatter, covariances, scale, shape, orientation, inner, error);
    }
}
