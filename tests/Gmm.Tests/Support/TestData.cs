using Gmm;
using Xunit;

namespace Gmm.Tests.Support;

/// <summary>Small deterministic datasets and starting models for tests.</summary>
public static class TestData
{
    public static readonly CovarianceType[] AllTypes = [CovarianceType.Full, CovarianceType.Tied, CovarianceType.Diagonal, CovarianceType.Spherical];

    public static TheoryData<CovarianceType> Types()
    {
        var data = new TheoryData<CovarianceType>();
        foreach (var t in AllTypes) data.Add(t);
        return data;
    }

    /// <summary>Every covariance type (in <see cref="CovarianceType"/>'s order) with float64 (false) and float32 (true) data.</summary>
    public static TheoryData<CovarianceType, bool> TypesInBothPrecisions()
    {
        var data = new TheoryData<CovarianceType, bool>();
        foreach (var type in Enum.GetValues<CovarianceType>())
        {
            data.Add(type, false);
            data.Add(type, true);
        }
        return data;
    }

    /// <summary>Every covariance type with each compute precision (float32 and float64 E-steps), for theories.</summary>
    public static TheoryData<CovarianceType, ComputePrecision> TypesAndComputePrecisions()
    {
        var data = new TheoryData<CovarianceType, ComputePrecision>();
        foreach (var type in AllTypes)
            foreach (var precision in new[] { ComputePrecision.Single, ComputePrecision.Double }) data.Add(type, precision);
        return data;
    }

    /// <summary>Every register width the CPU kernels have (128, 256, 512 bits) with every covariance type.</summary>
    public static TheoryData<int, CovarianceType> WidthsAndTypes()
    {
        var data = new TheoryData<int, CovarianceType>();
        foreach (int bits in new[] { 128, 256, 512 })
            foreach (var type in AllTypes) data.Add(bits, type);
        return data;
    }

    /// <summary>n points in d dimensions from <paramref name="clusters"/> Gaussian blobs with anisotropic spread, plus an offset.</summary>
    public static double[] Blobs(int n, int d, int clusters, int seed = 1, double offset = 0, double separation = 6)
    {
        var random = new Random(seed);
        var data = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = i % clusters;
            for (int j = 0; j < d; j++)
            {
                double center = separation * ((c * 7 + j * 3) % 5 - 2) + (j == c % d ? separation : 0);
                data[i * d + j] = offset + center + (0.5 + 0.3 * ((c + j) % 3)) * Normal(random);
            }
        }
        return data;
    }

    /// <summary>
    /// n float32 points (n×d) from <paramref name="clusters"/> unit-variance spherical clusters, point i in cluster
    /// i mod clusters, whose centres are drawn (before the points) as <paramref name="spread"/> × standard normals.
    /// </summary>
    public static float[] SphericalClusters(int n, int d, int clusters, double spread, int seed)
    {
        var random = new Random(seed);
        var centres = new double[clusters * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = spread * Normal(random);
        var data = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) data[i * d + j] = (float)(centres[i % clusters * d + j] + Normal(random));
        return data;
    }

    public static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A valid model of the given type: means from data rows, unit-ish covariances with some correlation.</summary>
    public static GaussianMixtureModel StartingModel(CovarianceType type, double[] data, int d, int k, double scale = 4)
    {
        var weights = new double[k];
        for (int c = 0; c < k; c++) weights[c] = (1.0 + c) / (k * (k + 1) / 2.0);
        var means = new double[k * d];
        int n = data.Length / d;
        for (int c = 0; c < k; c++)
            Array.Copy(data, (c * 7919 % n) * d, means, c * d, d);
        double[] covariances = type switch
        {
            CovarianceType.Full => Enumerable.Range(0, k).SelectMany(c => Matrix(d, scale * (1 + 0.1 * c))).ToArray(),
            CovarianceType.Tied => Matrix(d, scale),
            CovarianceType.Diagonal => Enumerable.Range(0, k * d).Select(i => scale * (1 + 0.05 * (i % 7))).ToArray(),
            _ => Enumerable.Range(0, k).Select(c => scale * (1 + 0.1 * c)).ToArray(),
        };
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    private static double[] Matrix(int d, double scale)
    {
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                m[i * d + j] = i == j ? scale : scale * 0.3 / (1 + Math.Abs(i - j));
        return m;
    }
}
