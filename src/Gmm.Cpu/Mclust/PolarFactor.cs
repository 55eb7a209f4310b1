namespace Gmm;

/// <summary>
/// The orthogonal polar factor of a small square matrix: with the singular value decomposition F = P B Rᵀ, the
/// matrix P Rᵀ (the orthogonal Q that maximises tr(Qᵀ F)). The MM updates of the common orientation in mclust's EVE
/// and VVE M-steps (Browne &amp; McNicholas 2014) take it from LAPACK's dgesvd; here it comes from one-sided Jacobi
/// rotations, which give the singular vectors to full accuracy. It is unique when F is non-singular.
/// </summary>
internal static class PolarFactor
{
    private const int MaxSweeps = 64;

    /// <summary>P Rᵀ of <paramref name="matrix"/> (d×d row-major) into <paramref name="result"/> (d×d row-major).</summary>
    public static void Compute(ReadOnlySpan<double> matrix, int d, Span<double> result)
    {
        // Columns of a are rotated by V until they are orthogonal: a = F V = P B, so P Rᵀ = (a B⁻¹) Vᵀ.
        var a = matrix[..(d * d)].ToArray();
        var v = new double[d * d];
        for (int i = 0; i < d; i++) v[i * d + i] = 1;
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < d - 1; p++)
                for (int q = p + 1; q < d; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int k = 0; k < d; k++)
                    {
                        double x = a[k * d + p], y = a[k * d + q];
                        alpha += x * x;
                        beta += y * y;
                        gamma += x * y;
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= 1e-16 * Math.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    for (int k = 0; k < d; k++)
                    {
                        double x = a[k * d + p], y = a[k * d + q];
                        a[k * d + p] = c * x - s * y;
                        a[k * d + q] = s * x + c * y;
                        x = v[k * d + p];
                        y = v[k * d + q];
                        v[k * d + p] = c * x - s * y;
                        v[k * d + q] = s * x + c * y;
                    }
                }
            if (!rotated) break;
        }

        var u = new double[d * d];
        var filled = new bool[d];
        var norms = new double[d];
        for (int j = 0; j < d; j++)
        {
            double norm = 0;
            for (int k = 0; k < d; k++) norm += a[k * d + j] * a[k * d + j];
            norms[j] = Math.Sqrt(norm);
        }
        double largest = norms.Max();
        for (int j = 0; j < d; j++)
        {
            if (!(norms[j] > largest * 1e-15)) continue;
            for (int k = 0; k < d; k++) u[k * d + j] = a[k * d + j] / norms[j];
            filled[j] = true;
        }
        for (int j = 0; j < d; j++)
            if (!filled[j]) CompleteColumn(u, d, j, filled); // a zero singular value: any unit vector orthogonal to the others
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int k = 0; k < d; k++) sum += u[i * d + k] * v[j * d + k];
                result[i * d + j] = sum;
            }
    }

    /// <summary>Fills column j of u with a unit vector orthogonal to its filled columns (Gram–Schmidt on the basis).</summary>
    private static void CompleteColumn(double[] u, int d, int j, bool[] filled)
    {
        var candidate = new double[d];
        for (int e = 0; e < d; e++)
        {
            Array.Clear(candidate);
            candidate[e] = 1;
            for (int other = 0; other < d; other++)
            {
                if (!filled[other]) continue;
                double dot = 0;
                for (int k = 0; k < d; k++) dot += candidate[k] * u[k * d + other];
                for (int k = 0; k < d; k++) candidate[k] -= dot * u[k * d + other];
            }
            double norm = Math.Sqrt(candidate.Sum(x => x * x));
            if (norm < 0.5) continue;
            for (int k = 0; k < d; k++) u[k * d + j] = candidate[k] / norm;
            filled[j] = true;
            return;
        }
    }
}
