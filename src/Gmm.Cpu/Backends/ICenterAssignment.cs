namespace Gmm;

/// <summary>
/// Lloyd's assignment step over the iterations of one k-means run on the initialisation's sample: after each
/// <see cref="Assign"/>, every sample point's label must be the centre a full <see cref="NearestCenter"/> search
/// (about the run's origin) picks. The host does it with Hamerly's bounds; a backend may do it on its device
/// (<see cref="IKMeansDevice{T}.CreateAssignment"/>), with the same labels. Disposed when the run ends.
/// </summary>
public interface ICenterAssignment : IDisposable
{
    /// <summary>Assigns every sample point to its nearest centre.</summary>
    /// <param name="centers">The centres (k×d, row-major).</param>
    void Assign(ReadOnlySpan<double> centers);

    /// <summary>The label (nearest centre, 0..k−1) of every sample point after the last <see cref="Assign"/> (m, in sample order).</summary>
    ReadOnlySpan<int> Labels { get; }
}
