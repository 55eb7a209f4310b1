namespace Gmm;

/// <summary>Small dense linear algebra on d×d row-major matrices, in float64.</summary>
internal static class CovarianceMath
{
    /// <summary>Lower Cholesky factor L (a = L Lᵀ) into <paramref name="lower"/>; false if a is not positive definite.</summary>
    public static bool TryCholesky(ReadOnlySpan<double> a, int d, Span<double> lower)
    {
        lower[..(d * d)].Clear();
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i * d + j];
                for (int p = 0; p < j; p++) sum -= lower[i * d + p] * lower[j * d + p];
                if (i == j)
                {
                    if (!(sum > 0) || double.IsInfinity(sum)) return false;
                    lower[i * d + i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[i * d + j] = sum / lower[j * d + j];
                }
            }
        }
        return true;
    }

    /// <summary>Inverse of a lower-triangular L, itself lower-triangular, into <paramref name="inverse"/>.</summary>
    public static void InvertLower(ReadOnlySpan<double> lower, int d, Span<double> inverse)
    {
        inverse[..(d * d)].Clear();
        for (int col = 0; col < d; col++)
        {
            inverse[col * d + col] = 1.0 / lower[col * d + col];
            for (int i = col + 1; i < d; i++)
            {
                double sum = 0;
                for (int p = col; p < i; p++) sum -= lower[i * d + p] * inverse[p * d + col];
                inverse[i * d + col] = sum / lower[i * d + i];
            }
        }
    }

    /// <summary>
    /// The upper-triangular U with U Uᵀ = a⁻¹ (scikit-learn's precisions_cholesky_ for one matrix), and
    /// Σ log U_ii = −½ log det a. False if a is not positive definite.
    /// </summary>
    public static bool TryPrecisionCholesky(ReadOnlySpan<double> covariance, int d, Span<double> upper, out double logDet)
    {
        var lower = new double[d * d];
        var inverse = new double[d * d];
        logDet = 0;
        if (!TryCholesky(covariance, d, lower)) return false;
        logDet = PrecisionCholeskyFromLower(lower, d, upper, inverse);
        return true;
    }

    /// <summary>
    /// The upper-triangular U with U Uᵀ = (L Lᵀ)⁻¹ from the lower Cholesky factor L of a covariance (what
    /// <see cref="TryCholesky"/> gives), and Σ log diag(U): the second half of <see cref="TryPrecisionCholesky"/>, to the
    /// bit, for a caller that already holds the factor.
    /// </summary>
    /// <param name="lower">L (d×d, row-major, lower-triangular).</param>
    /// <param name="d">Dimension.</param>
    /// <param name="upper">Destination U (d×d).</param>
    /// <param name="inverse">Scratch of at least d² values (L⁻¹).</param>
    /// <returns>Σ log diag(U) = −½ log det of the covariance.</returns>
    public static double PrecisionCholeskyFromLower(ReadOnlySpan<double> lower, int d, Span<double> upper, Span<double> inverse)
    {
        InvertLower(lower, d, inverse);
        double logDet = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++) upper[i * d + j] = inverse[j * d + i];
            logDet += Math.Log(upper[i * d + i]);
        }
        return logDet;
    }

    /// <summary>Inverse of a symmetric positive-definite matrix; false if it is not positive definite.</summary>
    public static bool TryInvertSpd(ReadOnlySpan<double> a, int d, Span<double> result)
    {
        var lower = new double[d * d];
        var inverse = new double[d * d];
        if (!TryCholesky(a, d, lower)) return false;
        InvertLower(lower, d, inverse);
        // a⁻¹ = L⁻ᵀ L⁻¹
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int p = i; p < d; p++) sum += inverse[p * d + i] * inverse[p * d + j];
                result[i * d + j] = sum;
                result[j * d + i] = sum;
            }
        return true;
    }

    /// <summary>True when |a_ij − a_ji| is within a relative 1e-6 of the diagonal scale.</summary>
    public static bool IsSymmetric(ReadOnlySpan<double> a, int d)
    {
        double scale = 0;
        for (int i = 0; i < d; i++) scale = Math.Max(scale, Math.Abs(a[i * d + i]));
        double tolerance = 1e-6 * Math.Max(scale, double.Epsilon);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                if (!(Math.Abs(a[i * d + j] - a[j * d + i]) <= tolerance)) return false;
        return true;
    }
}
