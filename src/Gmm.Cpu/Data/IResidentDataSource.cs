using System.Numerics;

namespace Gmm;

/// <summary>
/// Points that stay where they are — on the workers of a cluster, or split in shards that a backend visits one by
/// one — already in the fit's compute type. The estimator neither copies nor converts such a source: it asks it to
/// validate itself where the points are (<see cref="Validate"/>), and hands it as it is to the backend, which knows how
/// to reach the points. Initialisation still reads its sample and its labelling pass through
/// <see cref="IDataSource{T}.GetChunks"/>.
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
}
