namespace Gmm;

/// <summary>
/// Whether a mixture's covariances obey an mclust model's constraint: equal volumes det(Σ_k)^(1/d) where the first
/// letter is E; equal shapes where the second is E (the normalised diagonals for the diagonal models, the normalised
/// matrices when the orientation is also common, the normalised sorted eigenvalues when it varies); a common
/// orientation (Σ_i Σ_j = Σ_j Σ_i) for EVE and VVE. The representation (spherical, diag, tied) carries the rest.
/// </summary>
internal static class MclustConstraint
{
    /// <summary>What breaks the constraint (a phrase for an error message), or null when it holds to <paramref name="tolerance"/> relative.</summary>
    public static string? Violation(GaussianMixtureModel mixture, MclustModel model, double tolerance)
    {
        var info = MclustModels.Get(model);
        int k = mixture.ComponentCount, d = mixture.Dimension;
        if (info.CovarianceType != mixture.CovarianceType) return $"it is stored as {mixture.CovarianceType}";
        if (k == 1 || info.CovarianceType == CovarianceType.Tied) return null;
        string name = info.Name;
        var c = mixture.CovariancesArray;
        var volumes = new double[k];
        for (int i = 0; i < k; i++) volumes[i] = Math.Exp(-2 * mixture.LogDetArray[i] / d); // det(Σ_k)^(1/d)
        if (name[0] == 'E' && !AllClose(volumes, 1, k, tolerance)) return "the volumes differ";
        if (name[1] != 'E') return name[2] == 'E' ? Commuting(c, k, d, tolerance) : null;

        // Equal shapes: per component, what the shape fixes, divided by the volume.
        bool eigenvalues = info.CovarianceType == CovarianceType.Full && name[2] == 'V';
        int m = info.CovarianceType == CovarianceType.Full && !eigenvalues ? d * d : d;
        var shapes = new double[k * m];
        for (int i = 0; i < k; i++)
        {
            var row = shapes.AsSpan(i * m, m);
            if (eigenvalues) SymmetricEigen.Decompose(c.AsSpan(i * d * d, d * d), d, row, []);
            else c.AsSpan(i * m, m).CopyTo(row);
            for (int j = 0; j < m; j++) row[j] /= volumes[i];
        }
        return AllClose(shapes, m, k, tolerance) ? null : "the shapes differ";
    }

    private static string? Commuting(double[] c, int k, int d, double tolerance)
    {
        var ab = new double[d * d];
        var ba = new double[d * d];
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++)
            {
                var a = c.AsSpan(i * d * d, d * d);
                var b = c.AsSpan(j * d * d, d * d);
                DecompositionMath.Multiply(a, b, d, ab);
                DecompositionMath.Multiply(b, a, d, ba);
                double scale = Norm(a) * Norm(b), difference = 0;
                for (int e = 0; e < d * d; e++) difference = Math.Max(difference, Math.Abs(ab[e] - ba[e]));
                if (difference > tolerance * scale) return $"components {i} and {j} do not share an orientation";
            }
        return null;
    }

    private static double Norm(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>True when the k rows of <paramref name="m"/> values agree with the first to the tolerance, relative to the largest value.</summary>
    private static bool AllClose(double[] values, int m, int k, double tolerance)
    {
        double largest = 0;
        foreach (double v in values) largest = Math.Max(largest, Math.Abs(v));
        for (int i = 1; i < k; i++)
            for (int j = 0; j < m; j++)
                if (!(Math.Abs(values[i * m + j] - values[j]) <= tolerance * largest)) return false;
        return true;
    }
}
