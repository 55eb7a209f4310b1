using Gmm;

namespace Gmm.Tests.Support;

/// <summary>Reports on the fit's own thread, at once (<see cref="Progress{T}"/> would post to the thread pool).</summary>
internal sealed class ImmediateProgress(Action<IterationReport> action) : IProgress<IterationReport>
{
    public void Report(IterationReport value) => action(value);
}
