namespace Gmm;

/// <summary>
/// The diagonal models' M-steps: EEI Σ_k = λ A, VEI λ_k A, EVI λ A_k, VVI λ_k A_k, with A diagonal and det A = 1.
/// They need only diag W_k. VEI has no closed form: mclust's msvei alternates the scales and the shape.
/// </summary>
internal static class DiagonalMSteps
{
    /// <summary>EEI: B = diag Σ_k W_k; λ = det(B)^(1/d) / n, A = B / det(B)^(1/d).</summary>
    public static MclustEstimate? EEI(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var diagonals = scatter.Diagonals();
        var shape = new double[d];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++) shape[j] += diagonals[i * d + j];
        double g = DecompositionMath.GeometricMean(shape);
        if (!DecompositionMath.AllAbove(shape, 0) || !DecompositionMath.AllAbove([g], 0)) return null;
        for (int j = 0; j < d; j++) shape[j] /= g;
        double scale = g / scatter.Total;
        return new MclustEstimate(MclustModel.EEI, scatter, Covariances(k, d, [scale], shape, varyingShape: false), [scale], shape, []);
    }

    /// <summary>VVI: Σ_k = diag W_k / N_k, reported as λ_k = det(diag W_k)^(1/d) / N_k and A_k.</summary>
    public static MclustEstimate? VVI(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var shape = (double[])scatter.Diagonals().Clone();
        var scale = new double[k];
        for (int i = 0; i < k; i++)
        {
            var row = shape.AsSpan(i * d, d);
            double g = DecompositionMath.GeometricMean(row);
            if (!DecompositionMath.AllAbove(row, 0) || !DecompositionMath.AllAbove([g], 0)) return null;
            for (int j = 0; j < d; j++) row[j] /= g;
            scale[i] = g / scatter.Counts[i];
        }
        return new MclustEstimate(MclustModel.VVI, scatter, Covariances(k, d, scale, shape, varyingShape: true), scale, shape, []);
    }

    /// <summary>EVI: A_k = diag W_k / det(diag W_k)^(1/d); λ = Σ_k det(diag W_k)^(1/d) / n.</summary>
    public static MclustEstimate? EVI(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var shape = (double[])scatter.Diagonals().Clone();
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            var row = shape.AsSpan(i * d, d);
            double g = DecompositionMath.GeometricMean(row);
            if (!DecompositionMath.AllAbove(row, 0) || !DecompositionMath.AllAbove([g], 0)) return null;
            for (int j = 0; j < d; j++) row[j] /= g;
            sum += g;
        }
        double scale = sum / scatter.Total;
        return new MclustEstimate(MclustModel.EVI, scatter, Covariances(k, d, [scale], shape, varyingShape: true), [scale], shape, []);
    }

    /// <summary>
    /// VEI (mclust's msvei): from A = I and λ_k = 1, or the previous estimate (mclust's me warm-starts), alternate
    /// λ_k = Σ_j W_kjj / A_j / (d N_k) and A ∝ Σ_k diag W_k / λ_k (det 1) until the largest relative change of λ and A,
    /// |old − new| / (1 + new), is at most the inner tolerance.
    /// </summary>
    public static MclustEstimate? VEI(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        var w = scatter.Diagonals();
        bool warm = start is { Model: MclustModel.VEI } && start.ComponentCount == k && start.Dimension == d;
        var shape = warm ? (double[])start!.Shape.Clone() : Enumerable.Repeat(1.0, d).ToArray();
        var scale = warm ? (double[])start!.Scale.Clone() : Enumerable.Repeat(1.0, k).ToArray();
        var previousShape = new double[d];
        var previousScale = new double[k];
        int inner = 0;
        double error;
        do
        {
            if (!DecompositionMath.AllAbove(shape, 0)) return null;
            inner++;
            scale.CopyTo(previousScale, 0);
            for (int i = 0; i < k; i++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += w[i * d + j] / shape[j];
                scale[i] = sum / (d * scatter.Counts[i]);
            }
            if (!DecompositionMath.AllAbove(scale, 0)) return null;
            shape.CopyTo(previousShape, 0);
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int i = 0; i < k; i++) sum += w[i * d + j] / scale[i];
                shape[j] = sum;
            }
            double g = DecompositionMath.GeometricMean(shape);
            if (!DecompositionMath.AllAbove(shape, 0) || !DecompositionMath.AllAbove([g], 0)) return null;
            for (int j = 0; j < d; j++) shape[j] /= g;
            error = 0;
            for (int i = 0; i < k; i++) error = Math.Max(error, Math.Abs(previousScale[i] - scale[i]) / (1 + scale[i]));
            for (int j = 0; j < d; j++) error = Math.Max(error, Math.Abs(previousShape[j] - shape[j]) / (1 + shape[j]));
        }
        while (error > options.InnerTolerance && inner < options.InnerMaxIterations);
        return new MclustEstimate(MclustModel.VEI, scatter, Covariances(k, d, scale, shape, varyingShape: false), scale, shape, [], inner, error);
    }

    /// <summary>Σ_k = λ_k A_k as k×d variances; one λ or one A stands for every component.</summary>
    private static double[] Covariances(int k, int d, double[] scale, double[] shape, bool varyingShape)
    {
        var covariances = new double[k * d];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++)
                covariances[i * d + j] = scale[scale.Length == 1 ? 0 : i] * shape[varyingShape ? i * d + j : j];
        return covariances;
    }
}
