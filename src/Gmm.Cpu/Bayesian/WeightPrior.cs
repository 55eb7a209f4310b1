namespace Gmm;

/// <summary>
/// Everything that differs between the two priors on the mixture weights, in one place per prior (as
/// <see cref="CovarianceDefinition"/> does for covariance types): the posterior's concentration parameters from the
/// counts N_k, the expected weights (scikit-learn's weights_), E[log π_k] for the E-step, and the normaliser the lower
/// bound subtracts. <see cref="For"/> is the one place a <see cref="WeightConcentrationPriorType"/> is mapped to its definition.
/// <para>
/// Parameters: a (k) is weight_concentration_ (Dirichlet) or each stick's first Beta parameter (Dirichlet process);
/// b (k) is each stick's second Beta parameter (Dirichlet process; empty for a Dirichlet distribution).
/// </para>
/// </summary>
internal abstract class WeightPrior
{
    /// <summary>The definition of <paramref name="type"/>.</summary>
    public static WeightPrior For(WeightConcentrationPriorType type) => type switch
    {
        WeightConcentrationPriorType.DirichletProcess => DirichletProcessPrior.Instance,
        WeightConcentrationPriorType.DirichletDistribution => DirichletDistributionPrior.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown weight concentration prior type."),
    };

    /// <summary>The enum value this definition belongs to.</summary>
    public abstract WeightConcentrationPriorType Type { get; }

    /// <summary>True when the posterior has the second parameter array b.</summary>
    public abstract bool HasRest { get; }

    /// <summary>The posterior's (a, b) given the counts N_k (k, each with scikit-learn's 10·ε added) and the concentration γ.</summary>
    public abstract (double[] Concentration, double[] Remainder) Posterior(ReadOnlySpan<double> counts, double concentration);

    /// <summary>E[π_k] (k), renormalised to sum to 1 (scikit-learn's weights_).</summary>
    public abstract double[] ExpectedWeights(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    /// <summary>E[log π_k] (k).</summary>
    public abstract double[] ExpectedLogWeights(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    /// <summary>The log normaliser of the weight posterior as scikit-learn's lower bound uses it (log C, subtracted from the bound).</summary>
    public abstract double LogNormalizer(ReadOnlySpan<double> a, ReadOnlySpan<double> b);

    /// <summary>values / Σ values.</summary>
    protected static double[] Normalized(double[] values)
    {
        double total = 0;
        foreach (var v in values) total += v;
        for (int i = 0; i < values.Length; i++) values[i] /= total;
        return values;
    }
}
