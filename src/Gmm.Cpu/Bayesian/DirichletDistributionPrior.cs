namespace Gmm;

/// <summary>The finite (Dirichlet-distribution) weight prior: the posterior is Dirichlet(α) with α_k = γ + N_k.</summary>
internal sealed class DirichletDistributionPrior : WeightPrior
{
    public static DirichletDistributionPrior Instance { get; } = new();

    private DirichletDistributionPrior()
    {
    }

    public override WeightConcentrationPriorType Type => WeightConcentrationPriorType.DirichletDistribution;

    public override bool HasRest => false;

    public override (double[] Concentration, double[] Remainder) Posterior(ReadOnlySpan<double> counts, double concentration)
    {
        var a = new double[counts.Length];
        for (int c = 0; c < a.Length; c++) a[c] = concentration + counts[c];
        return (a, []);
    }

    /// <summary>α_k / Σα.</summary>
    public override double[] ExpectedWeights(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Normalized(a.ToArray());

    /// <summary>ψ(α_k) − ψ(Σα).</summary>
    public override double[] ExpectedLogWeights(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        foreach (var v in a) sum += v;
        double digammaSum = SpecialFunctions.Digamma(sum);
        var result = new double[a.Length];
        for (int c = 0; c < a.Length; c++) result[c] = SpecialFunctions.Digamma(a[c]) - digammaSum;
        return result;
    }

    /// <summary>log Γ(Σα) − Σ log Γ(α_k).</summary>
    public override double LogNormalizer(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0, result = 0;
        foreach (var v in a)
        {
            sum += v;
            result -= SpecialFunctions.LogGamma(v);
        }
        return result + SpecialFunctions.LogGamma(sum);
    }
}
