using System.Numerics;

namespace Gmm;

/// <summary>
/// An optional part of the backend contract: a backend (<see cref="IEmBackend{T}"/>) that runs k-means
/// initialisation's nearest-centre searches on its device — Lloyd's assignments on the sample and the last pass that
/// labels every point. Each must give exactly the labels of the host's <see cref="NearestCenter"/> search (float32
/// scores about an origin; <see cref="NearestCenter.CopyInputs"/> gives its inputs, and points the device cannot be
/// sure about go to <see cref="NearestCenter.ResolveUncertain{TRow}"/>), so that a fit starts from the same model
/// whichever does the work.
/// </summary>
/// <typeparam name="T">The data's element type: float or double.</typeparam>
public interface IKMeansDevice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether initialisation should use the device (false: the host does everything).</summary>
    bool InitializationOnDevice { get; }

    /// <summary>An assignment of the sample's points to k centres, on the device.</summary>
    /// <param name="sample">The sample (m×d, row-major, float64 holding values of the data's type T exactly).</param>
    /// <param name="dimension">d.</param>
    /// <param name="origin">The origin (d) of the run's searches.</param>
    /// <param name="k">Number of centres.</param>
    ICenterAssignment CreateAssignment(ReadOnlyMemory<double> sample, int dimension, ReadOnlyMemory<double> origin, int k);

    /// <summary>
    /// The label of every point of <paramref name="data"/> (n, in source order) under <paramref name="nearest"/> for the
    /// last pass, or null when the device would have to stream the data (the host labels it then). A backend may upload
    /// the data for the fit of <paramref name="type"/> that follows, so that its first iteration finds it there.
    /// </summary>
    int[]? Label(IDataSource<T> data, NearestCenter nearest, CovarianceType type);
}
