using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// What the first EM iteration of a fit would otherwise do inside itself, done before it, for every estimator that runs
/// the shared loop (<see cref="GaussianMixture"/>, <see cref="BayesianGaussianMixture"/> and its float64 finish): wait
/// for the kernel warm-up the fit started, and have the CPU backend make its kernel, lane buffers and lane threads.
/// </summary>
internal static class FirstIteration
{
    /// <summary>
    /// Waits for <paramref name="warmUp"/> (the fit's kernel warm-up, <see cref="CpuBackendProvider.StartWarmUp"/>;
    /// null when none; it never faults), so that the iteration runs code that is compiled instead of compiling the same
    /// methods on its own threads beside the warm-up, and has a CPU <paramref name="backend"/> make its kernel, lane
    /// buffers and lane threads for <paramref name="model"/>'s shape (<see cref="CpuEmBackend{T}.Ready"/>). The same
    /// work as before, at the same point of the fit; no result changes.
    /// </summary>
    /// <param name="backend">The backend the iteration runs on (other backends than the CPU's are left as they are).</param>
    /// <param name="model">The first iteration's E-step model (the M-step's expectation model of the start).</param>
    /// <param name="warmUp">The fit's warm-up task, or null.</param>
    /// <param name="cancellationToken">Cancels the wait (<see cref="OperationCanceledException"/>).</param>
    public static void Ready<T>(IEmBackend<T> backend, GaussianMixtureModel model, Task<bool>? warmUp, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        warmUp?.Wait(cancellationToken);
        (backend as CpuEmBackend<T>)?.Ready(model);
    }
}
