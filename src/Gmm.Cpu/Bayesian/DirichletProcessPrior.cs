namespace Gmm;

/// <summary>
/// The stick-breaking (Dirichlet-process) weight prior: stick k is Beta(a_k, b_k) with a_k = 1 + N_k and
/// b_k = γ + Σ_{j&gt;k} N_j, and π_k = v_k Π_{j&lt;k} (1 − v_j).
/// </summary>
internal sealed class DirichletProcessPrior : WeightPrior
{
    public static DirichletProcessPrior Instance { get; } = new();

    private DirichletProcessPrior()
    {
    }

    public override WeightConcentrationPriorType Type => WeightConcentrationPriorType.DirichletProcess;

    public override bool HasRest => true;

    public override (double[] Concentration, double[] Remainder) Posterior(ReadOnlySpan<double> counts, double concentration)
    {
        int k = counts.Length;
        var a = new double[k];
        var b = new double[k];
        double later = 0;
        for (int c = k - 1; c >= 0; c--)
        {
            a[c] = 1 + counts[c];
            b[c] = concentration + later;
            later += counts[c];
        }
        return (a, b);
    }

    /// <summary>a_k/(a_k+b_k) Π_{j&lt;k} b_j/(a_j+b_j).</summary>
    public override double[] ExpectedWeights(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var weights = new double[a.Length];
        double remaining = 1;
        for (int c = 0; c < a.Length; c++)
        {
            double sum = a[c] + b[c];
            weights[c] = a[c] / sum * remaining;
            remaining *= b[c] / sum;
        }
        return Normalized(weights);
    }

    /// <summary>ψ(a_k) − ψ(a_k+b_k) + Σ_{j&lt;k} (ψ(b_j) − ψ(a_j+b_j)).</summary>
    public override double[] ExpectedLogWeights(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var result = new double[a.Length];
        double earlier = 0;
        for (int c = 0; c < a.Length; c++)
        {
            double digammaSum = SpecialFunctions.Digamma(a[c] + b[c]);
            result[c] = SpecialFunctions.Digamma(a[c]) - digammaSum + earlier;
            earlier += SpecialFunctions.Digamma(b[c]) - digammaSum;
        }
        return result;
    }

    /// <summary>−Σ_k log B(a_k, b_k).</summary>
    public override double LogNormalizer(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double result = 0;
        for (int c = 0; c < a.Length; c++) result -= SpecialFunctions.LogBeta(a[c], b[c]);
        return result;
    }
}
