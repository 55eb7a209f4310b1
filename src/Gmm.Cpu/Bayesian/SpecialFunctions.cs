namespace Gmm;

/// <summary>
/// log Γ, digamma and log B for positive arguments, in float64 (the variational E-step and lower bound need them;
/// .NET has none). Both series are used only where x ≥ 10, reached from smaller x by the recurrences
/// Γ(x+1) = xΓ(x) and ψ(x+1) = ψ(x) + 1/x; the truncation error there is below 1e-16.
/// </summary>
internal static class SpecialFunctions
{
    private const double SeriesFrom = 10;
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log Γ(x) for x &gt; 0 (NaN otherwise).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        double shift = 0;
        if (x < SeriesFrom)
        {
            // log Γ(x) = log Γ(x + m) − log(x (x+1) … (x+m−1)); the product of at most 10 factors cannot overflow.
            double product = 1;
            while (x < SeriesFrom) product *= x++;
            shift = Math.Log(product);
        }
        // Stirling: (x − ½) log x − x + ½ log 2π + Σ B_2n / (2n (2n−1) x^(2n−1)).
        double inverse = 1 / x, inverse2 = inverse * inverse;
        double series = inverse * (1.0 / 12 + inverse2 * (-1.0 / 360 + inverse2 * (1.0 / 1260 + inverse2 * (-1.0 / 1680
            + inverse2 * (1.0 / 1188 + inverse2 * (-691.0 / 360360 + inverse2 * (1.0 / 156)))))));
        return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series - shift;
    }

    /// <summary>ψ(x) = d/dx log Γ(x) for x &gt; 0 (NaN otherwise).</summary>
    public static double Digamma(double x)
    {
        if (!(x > 0)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        double shift = 0;
        while (x < SeriesFrom) shift += 1 / x++;
        // ψ(x) ~ log x − 1/(2x) − Σ B_2n / (2n x^(2n)).
        double inverse2 = 1 / (x * x);
        double series = inverse2 * (1.0 / 12 + inverse2 * (-1.0 / 120 + inverse2 * (1.0 / 252 + inverse2 * (-1.0 / 240
            + inverse2 * (1.0 / 132 + inverse2 * (-691.0 / 32760 + inverse2 * (1.0 / 12)))))));
        return Math.Log(x) - 0.5 / x - series - shift;
    }

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b &gt; 0.</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);
}
