using System.Numerics;

namespace Gmm;

/// <summary>
/// Points that stay where they are — on the workers of a cluster, or split in shards that a backend visits one by
/// one — already in the fit's compute type. The estimator neither copies nor converts such a source: it asks it to
/// validate itself where the points are (<see cref="Validate"/>), and hands it as it is to the backend, which knows how
/// to reach the points. k-means initialisation's labelling pass runs where the points are too
/// (<see cref="AccumulateNearestCenters"/>); the initialisation's sample, and the other initialisations, read their
/// points through <see cref="IDataSource{T}.GetChunks"/>.
/// </summary>
/// <typeparam name="T">The compute type of the fit: float or double.</typeparam>
public interface IResidentDataSource<T> : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Checks every point where it is, with <see cref="DataValidation.Validate{T}"/>'s errors (the same messages and
    /// parameter names, naming points by their index in the whole source), and returns Σ w.
    /// </summary>
    /// <param name="parameterName">The parameter the errors name.</param>
    /// <param name="inFloat32">Also check that values and weights stay finite in float32 (float64 points a float32 fit uses).</param>
    /// <param name="kMeansStart">Also check the k-means range (<see cref="DataValidation.KMeansLimit"/>): the fit starts with k-means.</param>
    /// <exception cref="ArgumentException">A non-finite value, a value out of range, a bad weight, or weights that are all zero.</exception>
    double Validate(string parameterName, bool inFloat32, bool kMeansStart);

    /// <summary>
    /// k-means initialisation's labelling pass where the points are: the statistics about <paramref name="origin"/>
    /// of every point assigned to its nearest centre (<see cref="NearestCenter.AssignedStatistics{T}"/> of the search
    /// over <paramref name="centers"/> about <paramref name="origin"/>), so that no point travels. A source in parts
    /// (shards) accumulates each part into empty statistics and adds them in the parts' order.
    /// </summary>
    /// <param name="centers">The k centres (k×d, row-major).</param>
    /// <param name="origin">The point (d) the search and the statistics are taken about.</param>
    /// <param name="type">The covariance type the statistics are shaped for.</param>
    /// <exception cref="ArgumentException">Centres or origin of the wrong length, or an undefined covariance type.</exception>
    SufficientStatistics AccumulateNearestCenters(double[] centers, double[] origin, CovarianceType type);
}
