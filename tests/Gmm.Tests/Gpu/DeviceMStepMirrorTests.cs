using System.Numerics;
using Gmm;
using Gmm.Cpu;
using Gmm.Gpu;
using Gmm.Tests.Support;
using ILGPU.Runtime;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// The device M-step mirrors MaximumLikelihoodStep.Estimate and DeviceParameters.Upload operation by operation: on ILGPU's CPU accelerator
/// (IEEE arithmetic, no FMA contraction) the same statistics give the same model and E-step layouts bit for bit.
/// </summary>
public class DeviceMStepMirrorTests
{
    public static TheoryData<CovarianceType, bool, int> Cases()
    {
        var data = new TheoryData<CovarianceType, bool, int>();
        foreach (var type in TestData.AllTypes)
        {
            data.Add(type, false, 5);
            data.Add(type, true, 5);
        }
        data.Add(CovarianceType.Full, false, 70); // padded factors of stride 128 (blocked kernels)
        data.Add(CovarianceType.Tied, false, 70);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameStatisticsGiveTheHostModelBitForBit(CovarianceType type, bool inDouble, int d)
    {
        if (inDouble) Mirror<double>(type, d);
        else Mirror<float>(type, d);
    }

    private static void Mirror<T>(CovarianceType type, int d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int k = 3;
        var model = GpuTestData.Model(type, k, d, seed: 41);
        var data = new InMemoryDataSource<T>(GpuTestData.Points<T>(model, 300, seed: 42), d);
        using var cpu = new CpuEmBackend<T>(1);
        var statistics = GpuTestData.Pass(cpu, model, data);
        var accelerator = GpuTestData.Provider.Accelerator;
        using var parameters = new DeviceParameters<T>(accelerator, k, d, type);
        parameters.Upload(model, SufficientStatistics.For<T>(model));
        using var mstep = new DeviceMStep<T>(accelerator, GpuTestData.Provider.Kernels<T>(), parameters);
        Load(parameters, statistics);
        mstep.Launch(accelerator.DefaultStream, 1e-6, data.Count);
        var totals = new double[3];
        parameters.Totals.CopyToCPU(totals);
        Assert.Equal(0, totals[2]);

        var warnings = new List<FitWarning>();
        var host = new MaximumLikelihoodStep(1e-6).Estimate(statistics, new MaximizationContext(warnings, 0, 1));
        Assert.Empty(warnings);
        var device = mstep.DownloadModel();
        Assert.Equal(host.WeightsArray, device.WeightsArray);
        Assert.Equal(host.MeansArray, device.MeansArray);
        Assert.Equal(host.CovariancesArray, device.CovariancesArray);
        using var uploaded = new DeviceParameters<T>(accelerator, k, d, type);
        uploaded.Upload(host, SufficientStatistics.For<T>(host));
        Assert.Equal(uploaded.Means.GetAsArray1D(), parameters.Means.GetAsArray1D());
        Assert.Equal(uploaded.Constants.GetAsArray1D(), parameters.Constants.GetAsArray1D());
        Assert.Equal(uploaded.Center.GetAsArray1D(), parameters.Center.GetAsArray1D());
        if (type != CovarianceType.Full) // full has no precision array, diagonal and spherical no factor (placeholders)
            Assert.Equal(uploaded.Precisions.GetAsArray1D(), parameters.Precisions.GetAsArray1D());
        if (type is CovarianceType.Full or CovarianceType.Tied)
            Assert.Equal(uploaded.Cholesky.GetAsArray1D(), parameters.Cholesky.GetAsArray1D());
    }

    [Fact]
    public void IndefiniteCovarianceIsFlaggedAndTheHostRegularises()
    {
        // Component 1's second moments [[10, 20], [20, 10]] / 10: eigenvalues 3 and −1, so its Cholesky fails on the device.
        const int k = 2, d = 2;
        var accelerator = GpuTestData.Provider.Accelerator;
        var model = GpuTestData.Model(CovarianceType.Full, k, d, seed: 3);
        using var parameters = new DeviceParameters<double>(accelerator, k, d, CovarianceType.Full);
        parameters.Upload(model, SufficientStatistics.For<double>(model));
        using var mstep = new DeviceMStep<double>(accelerator, GpuTestData.Provider.Kernels<double>(), parameters);
        parameters.N.CopyFromCPU(new double[] { 10, 10, -5, 20, 0 });
        parameters.F.CopyFromCPU(new double[k * d]);
        parameters.S.CopyFromCPU(new double[] { 10, 0, 0, 10, 10, 20, 20, 10 });
        mstep.Launch(accelerator.DefaultStream, 1e-6, 20);
        var totals = new double[3];
        parameters.Totals.CopyToCPU(totals);
        Assert.True(totals[2] > 0, "the indefinite covariance was not flagged");
        var warnings = new List<FitWarning>();
        new MaximumLikelihoodStep(1e-6).Estimate(mstep.DownloadStatistics(20), new MaximizationContext(warnings, 0, 1));
        Assert.Contains(warnings, w => w.Kind == FitWarningKind.RegularizationIncreased && w.Component == 1);
    }

    /// <summary>Statistics into the device accumulators in their layouts (spherical: per-feature sums, put in feature 0).</summary>
    private static void Load<T>(DeviceParameters<T> parameters, SufficientStatistics statistics) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = statistics.ComponentCount, d = statistics.Dimension;
        var n = new double[k + 3];
        statistics.ZerothOrder.CopyTo(n, 0);
        n[k] = statistics.LogLikelihood;
        n[k + 1] = statistics.WeightSum;
        parameters.N.CopyFromCPU(n);
        parameters.F.CopyFromCPU(statistics.FirstOrder);
        var second = statistics.SecondOrder;
        if (statistics.CovarianceType == CovarianceType.Spherical)
        {
            second = new double[k * d];
            for (int c = 0; c < k; c++) second[c * d] = statistics.SecondOrder[c];
        }
        parameters.S.CopyFromCPU(second);
    }
}
