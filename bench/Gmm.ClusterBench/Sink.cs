using Gmm;

namespace Gmm.ClusterBench;

/// <summary>Progress that calls back on the fitting thread.</summary>
internal sealed class Sink(Action<IterationReport> action) : IProgress<IterationReport>
{
    public void Report(IterationReport value) => action(value);
}
