using System.Numerics;
using Gmm;

namespace Gmm.Tests.Support;

/// <summary>
/// A backend written against the published contract alone, as a third party would: it reads the model's means,
/// precision Cholesky factors and per-component constants, and adds textbook statistics (float64, point by point) into
/// the statistics the loop hands it. Slow; for tests.
/// </summary>
public sealed class ContractBackend<T> : IEmBackend<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Description => "contract test backend";

    public int Passes { get; private set; }

    public void Accumulate(GaussianMixtureModel model, IDataSource<T> data, SufficientStatistics statistics)
    {
        int d = model.Dimension, k = model.ComponentCount;
        if (data.Dimension != d) throw new ArgumentException("dimension mismatch", nameof(data));
        var constants = model.LogDensityConstants.ToArray();
        var means = model.MeansSpan.ToArray();
        var factors = model.PrecisionsCholeskySpan.ToArray();
        var reference = statistics.Reference.ToArray();
        var logDensity = new double[k];
        var x = new double[d];
        foreach (var chunk in data.GetChunks(1000))
        {
            var values = chunk.Values.Span;
            for (int i = 0; i < chunk.Count; i++)
            {
                for (int j = 0; j < d; j++) x[j] = double.CreateTruncating(values[i * d + j]);
                double w = chunk.Weights.IsEmpty ? 1 : double.CreateTruncating(chunk.Weights.Span[i]);
                for (int c = 0; c < k; c++) logDensity[c] = constants[c] - 0.5 * Mahalanobis(model.CovarianceType, factors, means, x, c, d);
                double max = logDensity.Max(), sum = logDensity.Sum(v => Math.Exp(v - max)), norm = max + Math.Log(sum);
                statistics.LogLikelihood += w * norm;
                statistics.WeightSum += w;
                statistics.PointCount++;
                if (model.CovarianceType == CovarianceType.Tied)
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++) statistics.SecondOrder[a * d + b] += w * (x[a] - reference[a]) * (x[b] - reference[b]);
                for (int c = 0; c < k; c++)
                {
                    double r = w * Math.Exp(logDensity[c] - norm);
                    statistics.ZerothOrder[c] += r;
                    for (int a = 0; a < d; a++)
                    {
                        double da = x[a] - reference[c * d + a];
                        statistics.FirstOrder[c * d + a] += r * da;
                        if (model.CovarianceType == CovarianceType.Full)
                            for (int b = 0; b < d; b++) statistics.SecondOrder[(c * d + a) * d + b] += r * da * (x[b] - reference[c * d + b]);
                        else if (model.CovarianceType == CovarianceType.Diagonal) statistics.SecondOrder[c * d + a] += r * da * da;
                        else if (model.CovarianceType == CovarianceType.Spherical) statistics.SecondOrder[c] += r * da * da;
                    }
                }
            }
        }
        Passes++;
    }

    /// <summary>‖(x − μ_c)ᵀ U_c‖² with U_c read from the factors' published layout.</summary>
    private static double Mahalanobis(CovarianceType type, double[] u, double[] means, double[] x, int c, int d)
    {
        double total = 0;
        for (int col = 0; col < d; col++)
        {
            double y = 0;
            for (int row = 0; row <= col; row++)
            {
                double factor = type switch
                {
                    CovarianceType.Full => u[(c * d + row) * d + col],
                    CovarianceType.Tied => u[row * d + col],
                    CovarianceType.Diagonal => row == col ? u[c * d + col] : 0,
                    _ => row == col ? u[c] : 0,
                };
                y += (x[row] - means[c * d + row]) * factor;
            }
            total += y * y;
        }
        return total;
    }

    public void Dispose()
    {
    }
}

/// <summary>Provides <see cref="ContractBackend{T}"/>s.</summary>
public sealed class ContractBackendProvider : IEmBackendProvider
{
    public string Name => "contract";

    public IEmBackend<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ContractBackend<T>();
}
