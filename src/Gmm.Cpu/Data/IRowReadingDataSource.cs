using System.Numerics;

namespace Gmm;

/// <summary>
/// Points that can also be copied, rows at a time, into a buffer the caller owns (a file read with positioned reads).
/// A pass of the estimator that reads each point once — converting float64 points into the fit's float32 copy, with
/// their validation — then reads the source through one small reused buffer instead of taking a fresh array for every
/// chunk of <see cref="IDataSource{T}.GetChunks"/> (fresh memory costs such a pass more than its reading). Used for
/// sources without sample weights; every other read goes through <see cref="IDataSource{T}.GetChunks"/>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IRowReadingDataSource<T> : IDataSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Copies the rows from <paramref name="first"/> on into <paramref name="destination"/>: a whole number of rows,
    /// row-major, the same values <see cref="IDataSource{T}.GetChunks"/> gives for those rows.
    /// </summary>
    /// <param name="first">Index of the first row (0 ≤ first, first + rows ≤ <see cref="IDataSource{T}.Count"/>).</param>
    /// <param name="destination">rows×d values to fill.</param>
    void ReadRows(long first, Span<T> destination);
}
