using System.Numerics;

namespace Gmm;

/// <summary>
/// Creates backends (<see cref="IEmBackend{T}"/>): what an estimator is given to choose where its statistics are
/// computed. The estimator asks for one backend per fit, in the fit's compute type, and disposes it after.
/// </summary>
public interface IEmBackendProvider
{
    /// <summary>Short name ("cpu", "cuda", ...).</summary>
    string Name { get; }

    /// <summary>A new backend computing in <typeparamref name="T"/> (float or double); the caller disposes it.</summary>
    IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>;
}
