namespace Gmm;

/// <summary>Small helpers the mclust M-steps share: geometric means, λ D A Dᵀ, and d×d products (row-major, float64).</summary>
internal static class DecompositionMath
{
    /// <summary>(Π values)^(1/n) through logarithms (mclust: exp(Σ log x / p)); NaN when a value is ≤ 0.</summary>
    public static double GeometricMean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += Math.Log(v);
        return Math.Exp(sum / values.Length);
    }

    /// <summary>λ D diag(a) Dᵀ into <paramref name="result"/> (d×d), D's columns the directions.</summary>
    public static void Compose(double scale, ReadOnlySpan<double> orientation, ReadOnlySpan<double> shape, int d, Span<double> result)
    {
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += orientation[a * d + j] * shape[j] * orientation[b * d + j];
                result[a * d + b] = result[b * d + a] = scale * sum;
            }
    }

    /// <summary>x · y of d×d matrices into <paramref name="result"/>.</summary>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int d, Span<double> result)
    {
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int p = 0; p < d; p++) sum += x[i * d + p] * y[p * d + j];
                result[i * d + j] = sum;
            }
    }

    /// <summary>The diagonal of Dᵀ W D (d) for a d×d W and orientation D.</summary>
    public static void RotatedDiagonal(ReadOnlySpan<double> scatter, ReadOnlySpan<double> orientation, int d, Span<double> result)
    {
        for (int j = 0; j < d; j++)
        {
            double sum = 0;
            for (int a = 0; a < d; a++)
            {
                double row = 0;
                for (int b = 0; b < d; b++) row += scatter[a * d + b] * orientation[b * d + j];
                sum += orientation[a * d + j] * row;
            }
            result[j] = sum;
        }
    }

    /// <summary>True when every value is finite and &gt; <paramref name="floor"/>.</summary>
    public static bool AllAbove(ReadOnlySpan<double> values, double floor)
    {
        foreach (double v in values)
            if (!(v > floor) || double.IsInfinity(v)) return false;
        return true;
    }
}
