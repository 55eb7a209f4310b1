using System.Numerics;

namespace Gmm;

/// <summary>Creates backends; the EM loop asks for one per fit and disposes it after.</summary>
public interface IEmBackendProvider
{
    /// <summary>Short name ("cpu", "cuda", ...).</summary>
    string Name { get; }

    /// <summary>A backend computing in <typeparamref name="T"/>.</summary>
    IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>;
}
