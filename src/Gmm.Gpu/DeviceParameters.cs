using System.Numerics;
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
    private readonly T[] _hostMeans, _hostPrecisions, _hostConstants, _hostCenter, _hostCholesky;

    public DeviceParameters(Accelerator accelerator, int k, int d, CovarianceType type)
    {
        _accelerator = accelerator;
        K = k;
        D = d;
        Type = type;
        Kp = (k + 63) / 64 * 64; // the diagonal kernels' component tile
        CholeskyStride = (Math.Max(d, 1) + 63) / 64 * 64; // 64-feature blocks: 64 up to d = 64, then the blocked kernels' multiple of 64
        bool full = type == CovarianceType.Full;
        int meanLength = full ? k * d : d * Kp;
        // Padded to P×P per matrix (zeros below the diagonal and beyond d) so kernels stage rows with straight copies.
        long padded = type switch { CovarianceType.Full => (long)k * CholeskyBlock, CovarianceType.Tied => CholeskyBlock, _ => 1 };
        if (padded > Array.MaxLength)
            throw new NotSupportedException($"{type} covariances with k = {k} and d = {d} need {padded} padded factor values ({CholeskyStride}² each), more than one array can hold; use fewer components or the CPU backend.");
        int cholLength = (int)padded;
        _hostMeans = new T[meanLength];
        _hostPrecisions = new T[full ? 1 : d * Kp];
        _hostConstants = new T[Kp];
        _hostCenter = new T[d];
        _hostCholesky = new T[cholLength];
        try
        {
            Means = accelerator.Allocate1D<T>(meanLength);
            Precisions = accelerator.Allocate1D<T>(_hostPrecisions.Length);
            Constants = accelerator.Allocate1D<T>(Kp);
            Center = accelerator.Allocate1D<T>(d);
            ZeroCenter = accelerator.Allocate1D<T>(d);
            ZeroMeans = accelerator.Allocate1D<T>(type == CovarianceType.Tied ? d * Kp : 1);
            Cholesky = accelerator.Allocate1D<T>(cholLength);
            N = accelerator.Allocate1D<double>(k + 3); // [N_0 … N_{k−1}, Σ w log p(x), Σ w, M-step flags]
            F = accelerator.Allocate1D<double>((long)k * d);
            S = accelerator.Allocate1D<double>(type switch
            {
                CovarianceType.Full => (long)k * d * d,
                CovarianceType.Tied => (long)d * d,
                _ => (long)k * d, // spherical too: per-feature sums, added up on the host
            });
            ZeroCenter.MemSetToZero();
            ZeroMeans.MemSetToZero();
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

    public int K { get; }
    public int D { get; }
    public int Kp { get; }
    public CovarianceType Type { get; }

    /// <summary>Diag/spherical: shifted means d×kp; tied: projected means (μ − c) U, d×kp; full: shifted means k×d.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Means { get; }
    /// <summary>Diag: 1/σ² d×kp; spherical: 1/σ² repeated over features; tied: 1 (distances in projected space).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Precisions { get; }
    /// <summary>log π_k + log det U_k − ½ d log 2π (kp).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Constants { get; }
    /// <summary>The statistics' center c, rounded to T.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Center { get; }
    public MemoryBuffer1D<T, Stride1D.Dense> ZeroCenter { get; }
    public MemoryBuffer1D<T, Stride1D.Dense> ZeroMeans { get; }
    /// <summary>Upper precision Cholesky factors, each padded to P×P (<see cref="CholeskyStride"/>): full k of them, tied one.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Cholesky { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> N { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> F { get; }
    public MemoryBuffer1D<double, Stride1D.Dense> S { get; }
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
    }

    /// <summary>Writes the model's parameters (shifted by the statistics' center) and zeroes the accumulators.</summary>
    public void Upload(GaussianMixtureModel model, SufficientStatistics statistics)
    {
        int k = K, d = D, kp = Kp;
        var center = statistics.Center;
        var means = model.MeansSpan;
        var pc = model.PrecisionsCholeskySpan;
        var constants = model.LogDensityConstants;
        Array.Clear(_hostConstants);
        for (int c = 0; c < k; c++) _hostConstants[c] = T.CreateTruncating(constants[c]);
        for (int j = 0; j < d; j++) _hostCenter[j] = T.CreateTruncating(center[j]);
        switch (Type)
        {
            case CovarianceType.Diagonal:
            case CovarianceType.Spherical:
                Array.Clear(_hostMeans);
                Array.Clear(_hostPrecisions);
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < d; j++)
                    {
                        double p = Type == CovarianceType.Spherical ? pc[c] : pc[c * d + j];
                        _hostMeans[j * kp + c] = T.CreateTruncating(means[c * d + j] - center[j]);
                        _hostPrecisions[j * kp + c] = T.CreateTruncating(p * p);
                    }
                break;
            case CovarianceType.Tied:
                Array.Clear(_hostMeans);
                Array.Clear(_hostPrecisions);
                Array.Clear(_hostCholesky);
                for (int j = 0; j < d; j++)
                    for (int i = j; i < d; i++) _hostCholesky[j * CholeskyStride + i] = T.CreateTruncating(pc[j * d + i]);
                var projected = new double[k * d];
                model.ProjectMeans(center, projected); // (μ − c) U, as the CPU backend's
                for (int c = 0; c < k; c++)
                    for (int i = 0; i < d; i++)
                    {
                        _hostMeans[i * kp + c] = T.CreateTruncating(projected[c * d + i]);
                        _hostPrecisions[i * kp + c] = T.One;
                    }
                break;
            case CovarianceType.Full:
                Array.Clear(_hostCholesky);
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < d; j++)
                    {
                        _hostMeans[c * d + j] = T.CreateTruncating(means[c * d + j] - center[j]);
                        for (int i = j; i < d; i++)
                            _hostCholesky[c * CholeskyBlock + j * CholeskyStride + i] = T.CreateTruncating(pc[(c * d + j) * d + i]);
                    }
                break;
        }
        Means.CopyFromCPU(_hostMeans);
        if (Type != CovarianceType.Full) Precisions.CopyFromCPU(_hostPrecisions);
        Constants.CopyFromCPU(_hostConstants);
        Center.CopyFromCPU(_hostCenter);
        if (Type is CovarianceType.Full or CovarianceType.Tied) Cholesky.CopyFromCPU(_hostCholesky);
        N.MemSetToZero();
        F.MemSetToZero();
        S.MemSetToZero();
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
        if (Type == CovarianceType.Spherical)
        {
            for (int c = 0; c < K; c++)
            {
                double sum = 0;
                for (int j = 0; j < D; j++) sum += s[c * D + j];
                statistics.SecondOrder[c] += sum;
            }
        }
        else Add(statistics.SecondOrder, s);
        statistics.LogLikelihood += counts[K];
        statistics.WeightSum += counts[K + 1];
    }

    private static void Add(double[] target, double[] source)
    {
        for (int i = 0; i < target.Length; i++) target[i] += source[i];
    }

    /// <summary>Device bytes these buffers hold (they share the memory budget with resident data).</summary>
    public long Bytes => Means.LengthInBytes + Precisions.LengthInBytes + Constants.LengthInBytes + Center.LengthInBytes
        + ZeroCenter.LengthInBytes + ZeroMeans.LengthInBytes + Cholesky.LengthInBytes + N.LengthInBytes + F.LengthInBytes + S.LengthInBytes;

    public void Dispose()
    {
        Means?.Dispose();
        Precisions?.Dispose();
        Constants?.Dispose();
        Center?.Dispose();
        ZeroCenter?.Dispose();
        ZeroMeans?.Dispose();
        Cholesky?.Dispose();
        N?.Dispose();
        F?.Dispose();
        S?.Dispose();
    }
}
