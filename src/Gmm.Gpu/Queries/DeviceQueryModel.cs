using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Queries;

/// <summary>
/// One model's parameters in the query kernels' layouts, on the device: means k×d shifted by the model's statistics
/// center (<see cref="SufficientStatistics.For{T}"/>, as the E-step shifts them), precision factors (diag/spherical: 1/σ
/// k×d; full: U k×d×d; tied: one U d×d), the per-component constants and the center.
/// </summary>
internal sealed class DeviceQueryModel<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    public DeviceQueryModel(Accelerator accelerator, GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        K = k;
        D = d;
        Triangular = model.CovarianceType is CovarianceType.Full or CovarianceType.Tied;
        FactorStride = model.CovarianceType switch
        {
            CovarianceType.Full => d * d,
            CovarianceType.Tied => 0,
            _ => d,
        };
        var center = SufficientStatistics.For<T>(model).Center;
        var means = new T[k * d];
        var source = model.MeansSpan;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) means[c * d + j] = T.CreateTruncating(source[c * d + j] - center[j]);
        var pc = model.PrecisionsCholeskySpan;
        var factors = new T[model.CovarianceType == CovarianceType.Spherical ? k * d : pc.Length];
        if (model.CovarianceType == CovarianceType.Spherical)
        {
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) factors[c * d + j] = T.CreateTruncating(pc[c]);
        }
        else for (int i = 0; i < pc.Length; i++) factors[i] = T.CreateTruncating(pc[i]);
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

    /// <summary>True for full and tied (upper-triangular factors), false for diag and spherical (per-feature factors).</summary>
    public bool Triangular { get; }

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
