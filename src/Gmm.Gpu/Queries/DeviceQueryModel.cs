using System.Numerics;
using Gmm.Gpu.Covariance;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Queries;

/// <summary>
/// One model's parameters in the query kernels' layouts, on the device: means k×d shifted by the model's statistics
/// center (<see cref="SufficientStatistics.For{T}"/>, as the E-step shifts them), precision factors in the layout of the
/// type's <see cref="DeviceCovariance.WriteQueryFactors"/>, the per-component constants and the center.
/// </summary>
internal sealed class DeviceQueryModel<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public DeviceQueryModel(Accelerator accelerator, GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        K = k;
        D = d;
        var covariance = DeviceCovariance.For(model.CovarianceType);
        Family = covariance.QueryFactors;
        FactorStride = covariance.QueryFactorStride(d);
        var center = SufficientStatistics.For<T>(model).Center;
        var means = new T[k * d];
        var source = model.MeansSpan;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) means[c * d + j] = T.CreateTruncating(source[c * d + j] - center[j]);
        var factors = covariance.WriteQueryFactors<T>(model);
        var constants = new T[k];
        for (int c = 0; c < k; c++) constants[c] = T.CreateTruncating(model.LogDensityConstants[c]);
        var shift = new T[d];
        for (int j = 0; j < d; j++) shift[j] = T.CreateTruncating(center[j]);
        try
        {
            Means = accelerator.Allocate1D(means);
            Factors = accelerator.Allocate1D(factors);
            Constants = accelerator.Allocate1D(constants);
            Center = accelerator.Allocate1D(shift);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int K { get; }
    public int D { get; }

    /// <summary>The query kernels' mode for these factors: <see cref="TriangularFactors"/> (full, tied) or <see cref="VarianceFactors"/> (diag, spherical).</summary>
    public Type Family { get; }

    /// <summary>Values between two components' factors (d, d², or 0 for one shared factor).</summary>
    public int FactorStride { get; }

    public MemoryBuffer1D<T, Stride1D.Dense> Means { get; } = null!;
    public MemoryBuffer1D<T, Stride1D.Dense> Factors { get; } = null!;
    public MemoryBuffer1D<T, Stride1D.Dense> Constants { get; } = null!;
    public MemoryBuffer1D<T, Stride1D.Dense> Center { get; } = null!;

    /// <summary>Device bytes held.</summary>
    public long Bytes => Means.LengthInBytes + Factors.LengthInBytes + Constants.LengthInBytes + Center.LengthInBytes;

    public void Dispose()
    {
        Means?.Dispose();
        Factors?.Dispose();
        Constants?.Dispose();
        Center?.Dispose();
    }
}
