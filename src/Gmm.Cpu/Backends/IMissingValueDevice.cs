using System.Numerics;

namespace Gmm;

/// <summary>
/// An optional part of the backend contract: a backend (<see cref="IEmBackend{T}"/>) that runs the E-step of points
/// with missing entries (NaN, under <see cref="MissingValues.Marginalize"/>) on its device for some covariance types.
/// It adds the statistics of the observed coordinates and reports, per component and feature, the responsibility mass
/// of the missing ones; the fit turns that mass into the exact expected statistics (Ghahramani &amp; Jordan 1994), so
/// the result is the host's marginalisation to the device's rounding.
/// </summary>
/// <typeparam name="T">The data's element type: float or double.</typeparam>
public interface IMissingValueDevice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Whether points with missing entries under a model of <paramref name="type"/> run on the device. Only types whose
    /// components are independent per feature given the component (diagonal, spherical) can: their statistics of a
    /// missing coordinate follow from its responsibility mass alone.
    /// </summary>
    bool MarginalizesMissingValues(CovarianceType type);

    /// <summary>
    /// Adds the statistics of every point of <paramref name="data"/> (n×d; NaN = missing, at least one feature observed
    /// per point) under <paramref name="model"/>: each point's posteriors r_k from the marginal density of its observed
    /// coordinates; N_k += w r_k; F and S about <see cref="SufficientStatistics.Reference"/> over the observed coordinates
    /// only (a missing coordinate adds nothing to them); Σ w log p(x_o), Σ w and n into the scalars. Adds
    /// M_kj = Σ_i w_i r_ik [x_ij missing] into <paramref name="missingMass"/> (k×d, row-major).
    /// </summary>
    /// <exception cref="ArgumentException">The model's covariance type is not one <see cref="MarginalizesMissingValues"/> accepts, or a shape does not match the model.</exception>
    void AccumulateMarginal(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics, Span<double> missingMass);
}
