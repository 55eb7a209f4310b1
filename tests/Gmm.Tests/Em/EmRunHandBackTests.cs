using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Em;

/// <summary>
/// <see cref="EmRun{T, TState}"/>'s stops for a float64 finish that checks and hands back (docs/architecture.md,
/// "Convergence of a float32 variational fit"), on scripted lower bounds (<see cref="ScriptedStep"/>) with a given resolution.
/// </summary>
public class EmRunHandBackTests
{
    private const int D = 3;

    private static readonly double[] Data = TestData.Blobs(240, D, 3, seed: 4);

    /// <summary>
    /// A float64 check (resolution far under the tolerance 10⁻³) asked to stop at a certified rise stops at the first
    /// change, from its second iteration on (the first compares with −∞), of at least 10 tolerances while an iteration
    /// is left and the type resolves it; a change in [tol, 10 tol) goes on and one under the tolerance converges, as
    /// without; so does a rise of 10 tol or more under the resolution (a type too coarse to certify it).
    /// </summary>
    [Theory]
    [InlineData(new[] { 0.1 }, 5, 2, true, false, 1e-9)]                // a certified rise at the first change
    [InlineData(new[] { 5e-3, 9e-3, 2e-2 }, 5, 4, true, false, 1e-9)]   // [tol, 10 tol) goes on; 20 tol stops
    [InlineData(new[] { 5e-3, 5e-4 }, 5, 3, false, true, 1e-9)]         // under the tolerance: converged
    [InlineData(new[] { 5e-3, 0.1 }, 3, 3, false, false, 1e-9)]         // no iteration left: not converged, warned
    [InlineData(new[] { 0.05, 0.1 }, 5, 4, true, false, 0.15)]          // 50 and 100 tol under the resolution go on; the rise of 100 stops
    public void ACheckStopsAtACertifiedRise(double[] changes, int maxIterations, int iterations, bool stopped, bool converged, double resolution)
    {
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = ScriptedRun(backend, changes, resolution);

        Assert.Equal(converged, run.RunPhase(maxIterations, 1e-3, stopAtCertifiedRise: true));

        Assert.Equal(iterations, run.Iterations);
        Assert.Equal(stopped, run.StoppedAtCertifiedRise);
        Assert.False(run.StoppedAtResolution);
        Assert.Equal(stopped || converged ? 0 : 1, run.Warnings.Count);
    }

    /// <summary>
    /// A float32 stretch resumed after a check (resolution 0.15 nats, tol 10⁻³) ignores unresolved changes in its first
    /// ignoreUnresolvedFor iterations — a change under the tolerance among them is no convergence — and stops at the first
    /// unresolved change after them; after a burst (a change of at least the resolution, not the first iteration's against
    /// −∞) it stops at the first unresolved change at once.
    /// </summary>
    [Theory]
    [InlineData(3, new[] { 4e-3, 5e-4, 5e-2, 4e-3, 4e-3 }, 5, true, false)]  // 4e-3 and 5e-4 ignored; stops at the 4th change
    [InlineData(10, new[] { 4e-3, 0.5, 5e-2, 4e-3, 4e-3 }, 5, true, false)] // a burst, a resolved rise, then unresolved: stops
    [InlineData(10, new[] { 4e-3, 4e-3, -2e-2, 5e-4, 4e-3 }, 6, false, false)] // all ignored (the start's −∞ is no burst): MaxIterations
    [InlineData(0, new[] { 4e-3, 4e-3 }, 2, true, false)]                   // 0: the first unresolved change stops, as without
    public void AResumedStretchIgnoresUnresolvedChangesUntilItsLimitOrABurst(int ignoreFor, double[] changes, int iterations, bool stopped, bool converged)
    {
        using var backend = CpuBackendProvider.Default.Create<float>();
        var run = ScriptedRun(backend, changes, resolution: 0.15);

        Assert.Equal(converged, run.RunPhase(6, 1e-3, stopAtResolution: true, ignoreUnresolvedFor: ignoreFor));

        Assert.Equal(iterations, run.Iterations);
        Assert.Equal(stopped, run.StoppedAtResolution);
        Assert.Equal(stopped ? 0 : 1, run.Warnings.Count);
    }

    /// <summary>With tolerance 0 (fixed iteration counts) a run asked to stop at a certified rise never does: it runs every iteration.</summary>
    [Fact]
    public void ACheckWithToleranceZeroRunsEveryIteration()
    {
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = ScriptedRun(backend, [0.1, 0.1, 0.1], resolution: 1e-9);

        Assert.False(run.RunPhase(5, 0, stopAtCertifiedRise: true));

        Assert.Equal(5, run.Iterations);
        Assert.False(run.StoppedAtCertifiedRise);
    }

    /// <summary>
    /// A run that a later run continues (laterRunContinues) adds no warning when it runs out of its iterations; the
    /// later run that ends the fit warns once, with the iterations in all.
    /// </summary>
    [Fact]
    public void ARunThatALaterRunContinuesDoesNotWarn()
    {
        using var single = CpuBackendProvider.Default.Create<float>();
        var run = ScriptedRun(single, [1, 1, 1], resolution: 0.15);
        var warnings = run.Warnings;

        Assert.False(run.RunPhase(3, 1e-3, stopAtResolution: true, ignoreUnresolvedFor: 50, laterRunContinues: true));
        Assert.Equal(3, run.Iterations);
        Assert.False(run.StoppedAtResolution);
        Assert.Empty(warnings);

        Assert.False(run.Run(1, 1e-3));
        Assert.Contains("in 4 iterations", Assert.Single(warnings).Message);
    }

    /// <summary>A run continued by a second <see cref="EmRun{T, TState}.Run"/> warns with the iterations in all, counting the earlier ones.</summary>
    [Fact]
    public void AContinuedRunWarnsWithTheIterationsInAll()
    {
        using var backend = CpuBackendProvider.Default.Create<double>();
        var run = ScriptedRun(backend, [1, 1, 1, 1, 1], resolution: 1e-9, iterationsDone: 5);

        run.Run(2, 1e-3);
        run.Run(3, 1e-3);

        Assert.Equal(10, run.Iterations);
        Assert.Equal(5, run.LowerBoundHistory.Count);
        Assert.Contains("in 7 iterations", run.Warnings[0].Message);
        Assert.Contains("in 10 iterations", run.Warnings[1].Message);
    }

    /// <summary>A run on <paramref name="backend"/> of a <see cref="ScriptedStep"/> whose bounds start at −1000 and change by <paramref name="changes"/>, then rise by 100 per iteration.</summary>
    private static EmRun<T, GaussianMixtureModel> ScriptedRun<T>(IEmBackend<T> backend, double[] changes, double resolution, int iterationsDone = 0)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double[] bounds = [-1000, .. changes.Select((_, i) => -1000 + changes[..(i + 1)].Sum()), .. Enumerable.Range(1, 10).Select(i => -1000 + changes.Sum() + 100 * i)];
        var model = TestData.StartingModel(CovarianceType.Spherical, Data, D, 3);
        var data = new InMemoryDataSource<T>(Array.ConvertAll(Data, T.CreateTruncating), D);
        double roundoff = double.CreateTruncating(T.One - T.BitDecrement(T.One));
        return new EmRun<T, GaussianMixtureModel>(backend, data, new ScriptedStep(bounds, resolution / roundoff), model, iterationsDone: iterationsDone);
    }
}
