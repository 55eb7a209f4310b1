using System.Numerics;
using Gmm.Gpu.Covariance;
using Gmm.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>
/// A model's parameters in the kernels' layouts and the float64 statistics accumulators, resident on the device.
/// Buffers are allocated once per (k, d, type). <see cref="Upload"/> writes a host model (O(k·d²) values up) and
/// <see cref="Download"/> reads the statistics back (O(k·d²) down): every iteration for a plain Accumulate, only at a
/// start or a degenerate case in a fit, whose M-step rewrites these layouts on the device (DeviceMStep).
/// </summary>
internal sealed class DeviceParameters<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Accelerator _accelerator;
    private readonly ParameterLayouts<T> _layouts;
    private readonly T[] _hostConstants, _hostCenter;

    public DeviceParameters(Accelerator accelerator, int k, int d, CovarianceType type)
    {
        _accelerator = accelerator;
        Covariance = DeviceCovariance.For(type);
        K = k;
        D = d;
        Kp = KernelGeometry.PaddedComponents(k);
        CholeskyStride = KernelGeometry.CholeskyStride(d);
        // Padded to P×P per matrix (zeros below the diagonal and beyond d) so kernels stage rows with straight copies.
        long padded = Math.Max(1, (long)Covariance.FactorCount(k) * CholeskyBlock);
        if (padded > Array.MaxLength)
            throw new NotSupportedException($"{type} covariances with k = {k} and d = {d} need {padded} padded factor values ({CholeskyStride}² each), more than one array can hold; use fewer components or the CPU backend.");
        _layouts = new ParameterLayouts<T>(new T[Covariance.MeansLength(k, d, Kp)], new T[Covariance.HasPrecisions ? d * Kp : 1],
            new T[padded], Kp, CholeskyStride);
        _hostConstants = new T[Kp];
        _hostCenter = new T[d];
        try
        {
            Means = accelerator.Allocate1D<T>(_layouts.Means.Length);
            Precisions = accelerator.Allocate1D<T>(_layouts.Precisions.Length);
            Constants = accelerator.Allocate1D<T>(Kp);
            Center = accelerator.Allocate1D<T>(d);
            Cholesky = accelerator.Allocate1D<T>(_layouts.Cholesky.Length);
            N = accelerator.Allocate1D<double>(k + 3); // [N_0 … N_{k−1}, Σ w log p(x), Σ w, M-step flags]
            F = accelerator.Allocate1D<double>((long)k * d);
            S = accelerator.Allocate1D<double>(Covariance.SecondOrderLength(k, d));
            MissingMass = accelerator.Allocate1D<double>(Covariance.MarginalizesOnDevice ? (long)k * d : 1);
        }
        catch
        {
            Dispose(); // a failed allocation must not leak the buffers already made
            throw;
        }
    }

    /// <summary>Row stride P of a padded Cholesky factor: entry (j, i) of factor c sits at c·P² + j·P + i.</summary>
    public int CholeskyStride { get; }

    /// <summary>Elements of one padded Cholesky factor (P×P).</summary>
    public int CholeskyBlock => CholeskyStride * CholeskyStride;

    /// <summary>Components k.</summary>
    public int K { get; }

    /// <summary>Features d.</summary>
    public int D { get; }

    /// <summary>k padded to the diagonal kernels' component tile: the row length of the d×kp layouts.</summary>
    public int Kp { get; }

    /// <summary>The covariance type's device definition: layouts, passes, M-step.</summary>
    public DeviceCovariance Covariance { get; }

    /// <summary>The covariance type.</summary>
    public CovarianceType Type => Covariance.Type;

    /// <summary>True when one component tile holds every component (k ≤ 64): the diagonal-family statistics pass then takes each point's log-sum-exp itself.</summary>
    public bool FusesLogSumExp => Kp == KernelGeometry.TileComponents;

    /// <summary>Diag/spherical: shifted means d×kp; tied: projected means (μ − c) U, d×kp; full: shifted means k×d.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Means { get; }
    /// <summary>Diag: 1/σ² d×kp; spherical: 1/σ² repeated over features; tied: 1 (distances in projected space).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Precisions { get; }
    /// <summary>log π_k + log det U_k − ½ d log 2π (kp).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Constants { get; }
    /// <summary>The statistics' center c, rounded to T.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Center { get; }
    /// <summary>Upper precision Cholesky factors, each padded to P×P (<see cref="CholeskyStride"/>): full k of them, tied one.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Cholesky { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> N { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> F { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> S { get; }
    /// <summary>M_kj = Σ_i w_i r_ik [x_ij missing] (k×d) of a pass over points with missing entries (diag, spherical; 1 otherwise).</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> MissingMass { get; }
    /// <summary>[Σ w log p(x), Σ w]: the entries of <see cref="N"/> after the k counts.</summary>
    public ArrayView<double> Scalars => ((ArrayView<double>)N.View).SubView(K, 2);

    /// <summary>[Σ w log p(x), Σ w, M-step flags]: the last three entries of <see cref="N"/>, one small copy per iteration.</summary>
    public ArrayView<double> Totals => ((ArrayView<double>)N.View).SubView(K, 3);

    /// <summary>Zeroes the accumulators on <paramref name="stream"/> before a pass under parameters already on the device.</summary>
    public void ClearAccumulators(AcceleratorStream stream)
    {
        N.View.MemSetToZero(stream);
        F.View.MemSetToZero(stream);
        S.View.MemSetToZero(stream);
        MissingMass.View.MemSetToZero(stream);
    }

    /// <summary>Writes the model's parameters (shifted by the statistics' center) and zeroes the accumulators.</summary>
    public void Upload(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        int d = D;
        var center = statistics.Center;
        var constants = model.LogDensityConstants; // log π + log det U − ½ d log 2π, built once by the model for every backend
        Array.Clear(_hostConstants);
        for (int c = 0; c < K; c++) _hostConstants[c] = T.CreateTruncating(constants[c]);
        for (int j = 0; j < d; j++) _hostCenter[j] = T.CreateTruncating(center[j]);
        Covariance.WriteLayouts(model, center, _layouts);
        Means.CopyFromCPU(_layouts.Means);
        if (Covariance.HasPrecisions) Precisions.CopyFromCPU(_layouts.Precisions);
        Constants.CopyFromCPU(_hostConstants);
        Center.CopyFromCPU(_hostCenter);
        if (Covariance.FactorCount(K) > 0) Cholesky.CopyFromCPU(_layouts.Cholesky);
        N.MemSetToZero();
        F.MemSetToZero();
        S.MemSetToZero();
        MissingMass.MemSetToZero();
        _accelerator.Synchronize();
    }

    /// <summary>Adds the device accumulators into <paramref name="statistics"/> (after the device finished).</summary>
    public void Download(SufficientStatistics statistics)
    {
        var counts = N.GetAsArray1D();
        var n = counts.AsSpan(0, K).ToArray();
        var f = F.GetAsArray1D();
        var s = S.GetAsArray1D();
        Add(statistics.ZerothOrder, n);
        Add(statistics.FirstOrder, f);
        Covariance.AddSecondOrder(s, statistics.SecondOrder, K, D);
        statistics.LogLikelihood += counts[K];
        statistics.WeightSum += counts[K + 1];
    }

    private static void Add(double[] target, double[] source)
    {
        for (int i = 0; i < target.Length; i++) target[i] += source[i];
    }

    /// <summary>Device bytes these buffers hold (they share the memory budget with resident data).</summary>
    public long Bytes => Means.LengthInBytes + Precisions.LengthInBytes + Constants.LengthInBytes + Center.LengthInBytes
        + Cholesky.LengthInBytes + N.LengthInBytes + F.LengthInBytes + S.LengthInBytes + MissingMass.LengthInBytes;

    public void Dispose()
    {
        Means?.Dispose();
        Precisions?.Dispose();
        Constants?.Dispose();
        Center?.Dispose();
        Cholesky?.Dispose();
        N?.Dispose();
        F?.Dispose();
        S?.Dispose();
        MissingMass?.Dispose();
    }
}
