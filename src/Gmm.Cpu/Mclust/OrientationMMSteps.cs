namespace Gmm;

/// <summary>
/// EVE Σ_k = λ D A_k Dᵀ and VVE Σ_k = λ_k D A_k Dᵀ: one orientation D, shapes A_k (det 1) per component. No closed
/// form: mclust's mseve/msvve run the MM algorithms of Browne &amp; McNicholas (2014) for D — MM1 on
/// F = Σ_k A_k⁻¹ Dᵀ (W_k − ω_k I) (ω_k the largest eigenvalue of W_k), D = polar(F)ᵀ, then MM2 on
/// F = Σ_k W_k D (A_k⁻¹ − α_k I) (α_k = max_j 1/A_kj), D = polar(F) — then the shapes from diag(Dᵀ W_k D), until the
/// relative change of Σ_k tr(Dᵀ W_k D A_k⁻¹) is at most the inner tolerance. Implemented as mclust does, including
/// that VVE's orientation update uses A_k without λ_k (so mclust's VVE and EVE share their D iterations): that D does
/// not maximise VVE's likelihood when the volumes differ. <see cref="MclustMStepOptions.VveOrientationByVolume"/>
/// puts λ_k A_k in its place, which does (the objective is then n d + d Σ_k N_k log λ_k, as VEE's).
/// </summary>
internal static class OrientationMMSteps
{
    /// <summary>EVE: λ = Σ_k tr(Dᵀ W_k D A_k⁻¹) / (n d).</summary>
    public static MclustEstimate? EVE(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start) =>
        Estimate(MclustModel.EVE, scatter, options, start);

    /// <summary>VVE: λ_k = det(diag(Dᵀ W_k D) / N_k)^(1/d).</summary>
    public static MclustEstimate? VVE(ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start) =>
        Estimate(MclustModel.VVE, scatter, options, start);

    private static MclustEstimate? Estimate(MclustModel model, ComponentScatter scatter, MclustMStepOptions options, MclustEstimate? start)
    {
        int k = scatter.ComponentCount, d = scatter.Dimension;
        bool varyingVolume = model == MclustModel.VVE;
        var w = scatter.Full();
        var largest = new double[k];
        for (int i = 0; i < k; i++)
        {
            var values = SymmetricEigen.Values(w.AsSpan(i * d * d, d * d), d);
            if (!(values[d - 1] > 0)) return null; // mclust: a scatter matrix that is not positive definite
            largest[i] = values[0];
        }

        // mclust starts from A_k = 1, D = I, and its me keeps the last shapes and orientation from one M-step to the next.
        bool warm = start is not null && start.Model == model && start.ComponentCount == k && start.Dimension == d;
        bool byVolume = varyingVolume && options.VveOrientationByVolume;
        int earlier = 0;
        if (byVolume && !warm)
        {
            // Both updates only climb from where they start, and from D = I the volume-weighted one can stop on a lower
            // local optimum than mclust's: so it starts where mclust's stops, and never ends below it.
            start = Estimate(model, scatter, options with { VveOrientationByVolume = false }, null);
            if (start is null) return null;
            warm = true;
            earlier = start.InnerIterations;
        }
        var shape = warm ? (double[])start!.Shape.Clone() : Enumerable.Repeat(1.0, k * d).ToArray();
        var orientation = new double[d * d];
        if (warm) start!.Orientation.CopyTo(orientation, 0);
        else for (int j = 0; j < d; j++) orientation[j * d + j] = 1;
        var scale = new double[varyingVolume ? k : 1];
        if (byVolume) start!.Scale.CopyTo(scale, 0); // λ_k weights the orientation update
        var weight = new double[k * d]; // the B_k of the updates: A_k, or λ_k A_k

        var f = new double[d * d];
        var polar = new double[d * d];
        var rotated = new double[d * d];
        var diagonal = new double[d];
        double target, previous = double.MaxValue / 2, error;
        int inner = 0;
        do
        {
            inner++;
            for (int i = 0; i < k; i++)
                for (int j = 0; j < d; j++) weight[i * d + j] = byVolume ? scale[i] * shape[i * d + j] : shape[i * d + j];
            // MM1: F = Σ_k B_k⁻¹ Dᵀ (W_k − ω_k I); D ← polar(F)ᵀ.
            Array.Clear(f);
            for (int i = 0; i < k; i++)
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++)
                    {
                        double sum = 0;
                        for (int p = 0; p < d; p++) sum += orientation[p * d + a] * w[(i * d + p) * d + b];
                        f[a * d + b] += (sum - largest[i] * orientation[b * d + a]) / weight[i * d + a];
                    }
            PolarFactor.Compute(f, d, polar);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) orientation[a * d + b] = polar[b * d + a];

            // MM2: F = Σ_k (W_k D B_k⁻¹ − α_k W_k D), α_k = max_j 1/B_kj; D ← polar(F).
            Array.Clear(f);
            for (int i = 0; i < k; i++)
            {
                DecompositionMath.Multiply(w.AsSpan(i * d * d, d * d), orientation, d, rotated);
                double alpha = 0;
                for (int j = 0; j < d; j++) alpha = Math.Max(alpha, 1 / weight[i * d + j]);
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++) f[a * d + b] += rotated[a * d + b] / weight[i * d + b] - alpha * rotated[a * d + b];
            }
            PolarFactor.Compute(f, d, orientation);

            // Shapes, volumes and the objective: mclust's Σ_k tr(Dᵀ W_k D A_k⁻¹), or n d + d Σ_k N_k log λ_k.
            target = byVolume ? scatter.Total * d : 0;
            for (int i = 0; i < k; i++)
            {
                DecompositionMath.RotatedDiagonal(w.AsSpan(i * d * d, d * d), orientation, d, diagonal);
                var row = shape.AsSpan(i * d, d);
                for (int j = 0; j < d; j++) row[j] = varyingVolume ? diagonal[j] / scatter.Counts[i] : diagonal[j];
                double g = DecompositionMath.GeometricMean(row);
                if (!DecompositionMath.AllAbove([g], 0)) return null;
                for (int j = 0; j < d; j++) row[j] /= g;
                if (varyingVolume) scale[i] = g;
                if (!DecompositionMath.AllAbove(row, MclustMStepOptions.DefaultInnerTolerance)) return null; // mclust: shape < √ε
                if (byVolume) target += d * scatter.Counts[i] * Math.Log(scale[i]);
                else for (int j = 0; j < d; j++) target += diagonal[j] / row[j];
            }
            error = Math.Abs(target - previous) / (1 + Math.Abs(target));
            previous = target;
        }
        while (error > options.InnerTolerance && inner < options.InnerMaxIterations);

        if (!varyingVolume) scale[0] = target / (scatter.Total * d);
        var covariances = new double[k * d * d];
        for (int i = 0; i < k; i++)
            DecompositionMath.Compose(scale[varyingVolume ? i : 0], orientation, shape.AsSpan(i * d, d), d, covariances.AsSpan(i * d * d, d * d));
        return new MclustEstimate(model, scatter, covariances, scale, shape, orientation, earlier + inner, error);
    }
}
