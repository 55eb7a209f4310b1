using System.Numerics;

namespace Gmm;

/// <summary>
/// A backend that runs k-means initialisation's nearest-centre searches on its device: Lloyd's assignments on the sample
/// and the last pass that labels every point. Each must give exactly the labels of the host's
/// <see cref="NearestCenter"/> (the float32 search the host initialisation uses), so that a fit starts from the same
/// model whichever does the work.
/// </summary>
/// <typeparam name="T">The data's element type.</typeparam>
internal interface IKMeansDevice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether initialisation should use the device (false: the host does everything).</summary>
    bool InitializationOnDevice { get; }

    /// <summary>An assignment of the sample's points (about <paramref name="origin"/>, d) to k centres, on the device.</summary>
    ICenterAssignment CreateAssignment(DataSample sample, double[] origin, int k);

    /// <summary>
    /// The label of every point of <paramref name="data"/> (n, in source order) for the last pass, or null when the
    /// device would have to stream the data (the host labels it then). A backend may upload the data for the fit of
    /// <paramref name="type"/> that follows, so that its first iteration finds it there.
    /// </summary>
    int[]? Label(IDataSource<T> data, NearestCenter nearest, CovarianceType type);
}
