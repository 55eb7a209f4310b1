namespace Gmm;

/// <summary>
/// Eigen-decomposition of a small symmetric d×d matrix (row-major) by cyclic Jacobi rotations, in float64: accurate
/// to a few units of rounding relative to the largest eigenvalue, which is what mclust's M-steps need of LAPACK's
/// dsyev/dgesvd (eigenvalues of scatter matrices, their eigenvectors as orientations).
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 64;

    /// <summary>
    /// Eigenvalues in decreasing order into <paramref name="values"/> (d) and, when <paramref name="vectors"/> is not
    /// empty, the matching unit eigenvectors as its columns (d×d row-major: vectors[i·d + j] is entry i of vector j).
    /// Only the symmetric part of <paramref name="matrix"/> is used.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> matrix, int d, Span<double> values, Span<double> vectors)
    {
        bool wantVectors = !vectors.IsEmpty;
        var a = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) a[i * d + j] = 0.5 * (matrix[i * d + j] + matrix[j * d + i]);
        var v = new double[d * d];
        for (int i = 0; i < d; i++) v[i * d + i] = 1;

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0, diagonal = 0;
            for (int i = 0; i < d; i++)
            {
                diagonal += a[i * d + i] * a[i * d + i];
                for (int j = i + 1; j < d; j++) off += a[i * d + j] * a[i * d + j];
            }
            if (off <= 1e-32 * diagonal || off == 0) break;
            for (int p = 0; p < d - 1; p++)
                for (int q = p + 1; q < d; q++)
                {
                    double apq = a[p * d + q];
                    if (apq == 0) continue;
                    double app = a[p * d + p], aqq = a[q * d + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k * d + p], akq = a[k * d + q];
                        a[k * d + p] = c * akp - s * akq;
                        a[k * d + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p * d + k], aqk = a[q * d + k];
                        a[p * d + k] = c * apk - s * aqk;
                        a[q * d + k] = s * apk + c * aqk;
                    }
                    a[p * d + q] = a[q * d + p] = 0;
                    if (!wantVectors) continue;
                    for (int k = 0; k < d; k++)
                    {
                        double vkp = v[k * d + p], vkq = v[k * d + q];
                        v[k * d + p] = c * vkp - s * vkq;
                        v[k * d + q] = s * vkp + c * vkq;
                    }
                }
        }

        var order = new int[d];
        for (int i = 0; i < d; i++) order[i] = i;
        Array.Sort(order, (x, y) => a[y * d + y].CompareTo(a[x * d + x]));
        for (int j = 0; j < d; j++)
        {
            values[j] = a[order[j] * d + order[j]];
            if (wantVectors)
                for (int i = 0; i < d; i++) vectors[i * d + j] = v[i * d + order[j]];
        }
    }

    /// <summary>The eigenvalues (d, decreasing) of a symmetric d×d matrix.</summary>
    public static double[] Values(ReadOnlySpan<double> matrix, int d)
    {
        var values = new double[d];
        Decompose(matrix, d, values, []);
        return values;
    }
}
