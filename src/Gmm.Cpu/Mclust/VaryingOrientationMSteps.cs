namespace Gmm;

/// <summary>
/// The models whose orientation varies, Σ_k = λ(_k) D_k A(_k) D_kᵀ: EEV, VEV, EVV, VVV. D_k is the eigenvector
/// basis of W_k with its eigenvalues Ω_k in decreasing order (mclust takes them from an SVD of the weighted data;
/// here from W_k itself), so a common A pairs the k-th largest eigenvalues of the components. VEV is iterative
/// (mclust's msvev); the others are closed forms.
/// </summary>
internal static class VaryingOrientationMSteps
{
    /// <summary>VVV: Σ_k = W_k / N_k (mclust reports no decomposition).</summary>
    public static MclustEstimate? VVV(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var w = scatter.Full();
        var covariances = new double[k * d * d];
        for (int i = 0; i < k; i++)
            for (int e = 0; e < d * d; e++) covariances[i * d * d + e] = w[i * d * d + e] / scatter.Counts[i];
        return new MclustEstimate(MclustModel.VVV, scatter, covariances, [], [], []);
    }

    /// <summary>EEV: A ∝ Σ_k Ω_k with det A = 1, λ = det(Σ_k Ω_k)^(1/d) / n; Σ_k = λ D_k A D_kᵀ.</summary>
    public static MclustEstimate? EEV(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var (eigenvalues, orientation) = Eigen(scatter);
        var shape = new double[d];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++) shape[j] += eigenvalues[i * d + j];
        double g = DecompositionMath.GeometricMean(shape);
        if (!DecompositionMath.AllAbove(shape, 0) || !DecompositionMath.AllAbove([g], 0)) return null;
        for (int j = 0; j < d; j++) shape[j] /= g;
        double scale = g / scatter.Total;
        return new MclustEstimate(MclustModel.EEV, scatter, Compose(k, d, [scale], orientation, shape), [scale], shape, orientation);
    }

    /// <summary>EVV: C_k = W_k / det(W_k)^(1/d); λ = Σ_k det(W_k)^(1/d) / n; Σ_k = λ C_k.</summary>
    public static MclustEstimate? EVV(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var w = scatter.Full();
        var (shape, orientation) = Eigen(scatter);
        var volumes = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            var row = shape.AsSpan(i * d, d);
            volumes[i] = DecompositionMath.GeometricMean(row);
            if (!DecompositionMath.AllAbove(row, 0) || !DecompositionMath.AllAbove([volumes[i]], 0)) return null;
            for (int j = 0; j < d; j++) row[j] /= volumes[i];
            sum += volumes[i];
        }
        double scale = sum / scatter.Total;
        var covariances = new double[k * d * d];
        for (int i = 0; i < k; i++)
            for (int e = 0; e < d * d; e++) covariances[i * d * d + e] = scale * w[i * d * d + e] / volumes[i];
        return new MclustEstimate(MclustModel.EVV, scatter, covariances, [scale], shape, orientation);
    }

    /// <summary>
    /// VEV (mclust's msvev): A starts at Σ_k Ω_k scaled to det 1 (or the previous estimate's, as mclust's me keeps it);
    /// then λ_k = Σ_j Ω_kj / A_j / (d N_k) and A ∝ Σ_k Ω_k / λ_k (det 1) alternate while the largest relative change
    /// of A and λ, |old − new| / (1 + new), is at least the inner tolerance.
    /// </summary>
    public static MclustEstimate? VEV(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var (omega, orientation) = Eigen(scatter);
        if (!DecompositionMath.AllAbove(omega, 0)) return null;
        double[] shape, scale;
        if (start is { Model: MclustModel.VEV } && start.ComponentCount == k && start.Dimension == d)
        {
            shape = (double[])start.Shape.Clone();
            scale = (double[])start.Scale.Clone();
        }
        else
        {
            shape = new double[d];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < d; j++) shape[j] += omega[i * d + j];
            double g = DecompositionMath.GeometricMean(shape);
            for (int j = 0; j < d; j++) shape[j] /= g;
            scale = new double[k];
            for (int i = 0; i < k; i++) scale[i] = g / (scatter.Counts[i] * scatter.Total); // msvev's start; only the first change uses it
        }
        var previousShape = new double[d];
        var previousScale = new double[k];
        int inner = 0;
        double error;
        do
        {
            if (!DecompositionMath.AllAbove(shape, 0)) return null;
            shape.CopyTo(previousShape, 0);
            scale.CopyTo(previousScale, 0);
            Array.Clear(shape);
            for (int i = 0; i < k; i++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += omega[i * d + j] / previousShape[j];
                scale[i] = sum / (scatter.Counts[i] * d);
                if (!DecompositionMath.AllAbove([scale[i]], 0)) return null;
                for (int j = 0; j < d; j++) shape[j] += omega[i * d + j] / scale[i];
            }
            inner++;
            double g = DecompositionMath.GeometricMean(shape);
            if (!DecompositionMath.AllAbove(shape, 0) || !DecompositionMath.AllAbove([g], 0)) return null;
            for (int j = 0; j < d; j++) shape[j] /= g;
            error = 0;
            for (int j = 0; j < d; j++) error = Math.Max(error, Math.Abs(previousShape[j] - shape[j]) / (1 + shape[j]));
            for (int i = 0; i < k; i++) error = Math.Max(error, Math.Abs(scale[i] - previousScale[i]) / (1 + scale[i]));
        }
        while (error >= options.InnerTolerance && inner < options.InnerMaxIterations);
        return new MclustEstimate(MclustModel.VEV, scatter, Compose(k, d, scale, orientation, shape), scale, shape, orientation, inner, error);
    }

    /// <summary>Per component the eigenvalues of W_k (k×d, decreasing) and eigenvectors (k×d×d, columns).</summary>
    private static (double[] Values, double[] Vectors) Eigen(ComponentScatter scatter)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var w = scatter.Full();
        var values = new double[k * d];
        var vectors = new double[k * d * d];
        for (int i = 0; i < k; i++)
            SymmetricEigen.Decompose(w.AsSpan(i * d * d, d * d), d, values.AsSpan(i * d, d), vectors.AsSpan(i * d * d, d * d));
        return (values, vectors);
    }

    /// <summary>Σ_k = λ(_k) D_k A D_kᵀ (k×d×d) with one λ or k, and the common shape A.</summary>
    private static double[] Compose(int k, int d, double[] scale, double[] orientation, double[] shape)
    {
        var covariances = new double[k * d * d];
        for (int i = 0; i < k; i++)
            DecompositionMath.Compose(scale[scale.Length == 1 ? 0 : i], orientation.AsSpan(i * d * d, d * d),
                shape, d, covariances.AsSpan(i * d * d, d * d));
        return covariances;
    }
}
