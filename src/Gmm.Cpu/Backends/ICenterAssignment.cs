namespace Gmm;

/// <summary>
/// Lloyd's assignment step over the iterations of one k-means run on a sample: after each <see cref="Assign"/>, every
/// sample point's label is the centre a full <see cref="NearestCenter"/> search (about the run's origin) picks. The host
/// does it with Hamerly's bounds (<see cref="BoundedAssignment"/>); a GPU backend may do it on its device
/// (<see cref="IKMeansDevice{T}"/>), with the same labels.
/// </summary>
internal interface ICenterAssignment : IDisposable
{
    /// <summary>Assigns every sample point to its nearest centre (k×d, row-major).</summary>
    void Assign(double[] centers);

    /// <summary>The label (nearest centre) of every sample point after the last <see cref="Assign"/> (m).</summary>
    int[] Labels { get; }
}
