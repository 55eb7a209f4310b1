using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The background calls of the float64 vector logarithm (<see cref="LogTierUp"/>) that the variational float64 finish's
/// warm-up starts: they run once started and end, thread included, when stopped or when the finish is disposed.
/// </summary>
public sealed class LogTierUpTests
{
    /// <summary>Started, the thread runs; disposed, it has ended (Dispose waits for it); a second Dispose does nothing.</summary>
    [Fact]
    public void DisposeEndsTheThread()
    {
        var tierUp = LogTierUp.Start(CpuBackendProvider.RegisterBits);
        Assert.True(tierUp.IsRunning);

        tierUp.Dispose();
        Assert.False(tierUp.IsRunning);
        Assert.InRange(tierUp.Calls, 0, LogTierUp.MaximumCalls);
        tierUp.Dispose();
    }

    /// <summary>Every register width's logarithm can be called; each thread ends when disposed.</summary>
    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void EachWidthEnds(int registerBits)
    {
        var tierUp = LogTierUp.Start(registerBits);
        tierUp.Dispose();
        Assert.False(tierUp.IsRunning);
    }

    /// <summary>
    /// Where a finish is expected (20,000 × 8 points at tol 1e-5), the finish's early warm-up starts the calls with the
    /// float64 kernel's warm-up; disposing the finish (as the fit does when it returns) ends their thread.
    /// </summary>
    [Fact]
    public void TheFinishStartsTheCallsAndItsDisposeEndsThem()
    {
        const int n = 20_000, d = 8;
        var points = new float[n * d];
        for (int i = 0; i < points.Length; i++) points[i] = i % 7;
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, Tolerance = 1e-5 };
        var finish = new Float64Finish(new CpuBackendProvider(2, _ => { }), () => new InMemoryDataSource<double>(new double[n * d], d));

        finish.StartEarly(new InMemoryDataSource<float>(points, d), options);
        var tierUp = Assert.IsType<LogTierUp>(finish.LogTierUp);
        finish.Dispose();

        Assert.False(tierUp.IsRunning);
    }

    /// <summary>Where no finish happens (tolerance 0), nothing is started.</summary>
    [Fact]
    public void NoFinishStartsNothing()
    {
        var options = new BayesianGaussianMixtureOptions { ComponentCount = 3, CovarianceType = CovarianceType.Diagonal, Tolerance = 0 };
        using var finish = new Float64Finish(new CpuBackendProvider(2, _ => { }), () => new InMemoryDataSource<double>(new double[16], 8));

        finish.StartEarly(new InMemoryDataSource<float>(new float[16], 8), options);

        Assert.Null(finish.LogTierUp);
    }
}
