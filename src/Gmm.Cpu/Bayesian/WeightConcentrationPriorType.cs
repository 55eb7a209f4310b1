namespace Gmm;

/// <summary>The prior on the mixture weights of a variational Gaussian mixture (scikit-learn's weight_concentration_prior_type).</summary>
public enum WeightConcentrationPriorType
{
    /// <summary>
    /// An infinite mixture truncated at k components, as stick-breaking: component k takes a Beta(1, γ)-distributed
    /// share of what components 0..k−1 left (scikit-learn's 'dirichlet_process', its default). Empties the components
    /// the data does not need, later ones first.
    /// </summary>
    DirichletProcess,

    /// <summary>A finite mixture whose weights follow a symmetric Dirichlet(γ, …, γ) ('dirichlet_distribution').</summary>
    DirichletDistribution,
}
