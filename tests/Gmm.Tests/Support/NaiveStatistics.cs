using Gmm;

namespace Gmm.Tests.Support;

/// <summary>Sufficient statistics by the textbook formulas, point by point in float64, from the model's public queries.</summary>
public static class NaiveStatistics
{
    public static SufficientStatistics Compute<T>(GaussianMixtureModel model, double[] data, double[]? weights = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int d = model.Dimension, k = model.ComponentCount, n = data.Length / d;
        var stats = SufficientStatistics.For<T>(model);
        var resp = model.PredictProbabilities<double>(data);
        var logp = model.ScoreSamples<double>(data);
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1;
            stats.LogLikelihood += w * logp[i];
            stats.WeightSum += w;
            stats.PointCount++;
            if (model.CovarianceType == CovarianceType.Tied)
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++)
                        stats.SecondOrder[a * d + b] += w * (data[i * d + a] - stats.Reference[a]) * (data[i * d + b] - stats.Reference[b]);
            for (int c = 0; c < k; c++)
            {
                double r = w * resp[i * k + c];
                stats.ZerothOrder[c] += r;
                for (int a = 0; a < d; a++)
                {
                    double da = data[i * d + a] - stats.Reference[c * d + a];
                    stats.FirstOrder[c * d + a] += r * da;
                    switch (model.CovarianceType)
                    {
                        case CovarianceType.Full:
                            for (int b = 0; b < d; b++) stats.SecondOrder[(c * d + a) * d + b] += r * da * (data[i * d + b] - stats.Reference[c * d + b]);
                            break;
                        case CovarianceType.Diagonal:
                            stats.SecondOrder[c * d + a] += r * da * da;
                            break;
                        case CovarianceType.Spherical:
                            stats.SecondOrder[c] += r * da * da;
                            break;
                    }
                }
            }
        }
        return stats;
    }
}
