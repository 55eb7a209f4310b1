namespace Gmm.Cpu;

/// <summary>
/// Adds a lane's float64 sums into the statistics (<see cref="CpuEmBackend{T}.Accumulate"/>, once per lane and
/// iteration). A plain loop in a non-generic class, so the tool's ReadyToRun image holds its optimised code, where the
/// generic <c>TensorPrimitives.Add</c> it replaces was compiled at run time in every process, and again during a long
/// fit's iterations (docs/benchmarks.md, "The variational iteration's host code").
/// </summary>
internal static class LaneSums
{
    /// <summary>sums[i] += lane[i] for i &lt; lane.Length: the same additions, in the same order, as a vector add.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sums"/> is shorter than <paramref name="lane"/>.</exception>
    public static void AddInto(double[] sums, double[] lane)
    {
        var target = sums.AsSpan(0, lane.Length);
        for (int i = 0; i < target.Length; i++) target[i] += lane[i];
    }
}
