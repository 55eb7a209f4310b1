using Gmm;

namespace Gmm.Tests.Missing;

/// <summary>
/// The reference for points with missing entries, written plainly: per point and one component at a time, the
/// component's d×d covariance, the observed coordinates picked out, Σ_oo inverted by Gauss–Jordan elimination and its
/// determinant by the same elimination, then the marginal density, the conditional mean μ_m + Σ_mo Σ_oo⁻¹(x_o − μ_o)
/// and the conditional covariance Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om. Nothing is shared with the library's code.
/// </summary>
internal static class BruteForceMarginal
{
    /// <summary>Component c's covariance as a full d×d matrix.</summary>
    public static double[,] Covariance(GaussianMixtureModel model, int c)
    {
        int d = model.Dimension;
        var result = new double[d, d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                result[a, b] = model.CovarianceType switch
                {
                    CovarianceType.Full => model.Covariances[c * d * d + a * d + b],
                    CovarianceType.Tied => model.Covariances[a * d + b],
                    CovarianceType.Diagonal => a == b ? model.Covariances[c * d + a] : 0,
                    _ => a == b ? model.Covariances[c] : 0,
                };
        return result;
    }

    /// <summary>log π_c + log N(x_o | μ_c,o, Σ_c,oo).</summary>
    public static double LogProbability(GaussianMixtureModel model, double[] row, int c)
    {
        int d = model.Dimension;
        var o = Enumerable.Range(0, d).Where(j => !double.IsNaN(row[j])).ToArray();
        var sigma = Covariance(model, c);
        var block = new double[o.Length, o.Length];
        for (int a = 0; a < o.Length; a++)
            for (int b = 0; b < o.Length; b++) block[a, b] = sigma[o[a], o[b]];
        var (inverse, determinant) = Invert(block);
        double quadratic = 0;
        for (int a = 0; a < o.Length; a++)
            for (int b = 0; b < o.Length; b++)
                quadratic += (row[o[a]] - model.Means[c * d + o[a]]) * inverse[a, b] * (row[o[b]] - model.Means[c * d + o[b]]);
        return Math.Log(model.Weights[c]) - 0.5 * (o.Length * Math.Log(2 * Math.PI) + Math.Log(determinant) + quadratic);
    }

    /// <summary>E[x | x_o, c] (d) and the conditional covariance of x given x_o under c (d×d, zero outside the missing block).</summary>
    public static (double[] Mean, double[,] Covariance) Conditional(GaussianMixtureModel model, double[] row, int c)
    {
        int d = model.Dimension;
        var o = Enumerable.Range(0, d).Where(j => !double.IsNaN(row[j])).ToArray();
        var m = Enumerable.Range(0, d).Where(j => double.IsNaN(row[j])).ToArray();
        var sigma = Covariance(model, c);
        var block = new double[o.Length, o.Length];
        for (int a = 0; a < o.Length; a++)
            for (int b = 0; b < o.Length; b++) block[a, b] = sigma[o[a], o[b]];
        var (inverse, _) = Invert(block);
        var mean = (double[])row.Clone();
        var covariance = new double[d, d];
        foreach (int i in m)
        {
            double sum = model.Means[c * d + i];
            for (int a = 0; a < o.Length; a++)
                for (int b = 0; b < o.Length; b++)
                    sum += sigma[i, o[a]] * inverse[a, b] * (row[o[b]] - model.Means[c * d + o[b]]);
            mean[i] = sum;
            foreach (int l in m)
            {
                double value = sigma[i, l];
                for (int a = 0; a < o.Length; a++)
                    for (int b = 0; b < o.Length; b++) value -= sigma[i, o[a]] * inverse[a, b] * sigma[o[b], l];
                covariance[i, l] = value;
            }
        }
        return (mean, covariance);
    }

    /// <summary>Posteriors p(c | x_o) (k) and log p(x_o).</summary>
    public static (double[] Posteriors, double LogDensity) Posteriors(GaussianMixtureModel model, double[] row)
    {
        int k = model.ComponentCount;
        var logs = Enumerable.Range(0, k).Select(c => LogProbability(model, row, c)).ToArray();
        double max = logs.Max();
        double logDensity = max + Math.Log(logs.Sum(v => Math.Exp(v - max)));
        return (logs.Select(v => Math.Exp(v - logDensity)).ToArray(), logDensity);
    }

    /// <summary>
    /// The expected sufficient statistics of <paramref name="points"/> (n×d, NaN missing) with weights (null: 1) about
    /// <paramref name="statistics"/>' reference points, added into it, as the statistics contract defines them.
    /// </summary>
    public static void Accumulate(GaussianMixtureModel model, double[] points, double[]? weights, SufficientStatistics statistics)
    {
        int d = model.Dimension, k = model.ComponentCount, n = points.Length / d;
        for (int i = 0; i < n; i++)
        {
            var row = points.AsSpan(i * d, d).ToArray();
            double w = weights?[i] ?? 1;
            var (posteriors, logDensity) = Posteriors(model, row);
            statistics.PointCount++;
            statistics.WeightSum += w;
            statistics.LogLikelihood += w * logDensity;
            for (int c = 0; c < k; c++)
            {
                double mass = w * posteriors[c];
                var (mean, covariance) = Conditional(model, row, c);
                var e = Enumerable.Range(0, d).Select(j => mean[j] - statistics.Reference[c * d + j]).ToArray();
                statistics.ZerothOrder[c] += mass;
                for (int a = 0; a < d; a++)
                {
                    statistics.FirstOrder[c * d + a] += mass * e[a];
                    for (int b = 0; b < d; b++)
                    {
                        double second = mass * (e[a] * e[b] + covariance[a, b]);
                        switch (model.CovarianceType)
                        {
                            case CovarianceType.Full: statistics.SecondOrder[c * d * d + a * d + b] += second; break;
                            case CovarianceType.Tied: statistics.SecondOrder[a * d + b] += second; break;
                            case CovarianceType.Diagonal: if (a == b) statistics.SecondOrder[c * d + a] += second; break;
                            default: if (a == b) statistics.SecondOrder[c] += second; break;
                        }
                    }
                }
            }
        }
    }

    /// <summary>A⁻¹ and det A by Gauss–Jordan elimination with partial pivoting.</summary>
    private static (double[,] Inverse, double Determinant) Invert(double[,] a)
    {
        int p = a.GetLength(0);
        var work = (double[,])a.Clone();
        var inverse = new double[p, p];
        for (int i = 0; i < p; i++) inverse[i, i] = 1;
        double determinant = 1;
        for (int col = 0; col < p; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < p; r++) if (Math.Abs(work[r, col]) > Math.Abs(work[pivot, col])) pivot = r;
            if (pivot != col)
            {
                determinant = -determinant;
                for (int j = 0; j < p; j++)
                {
                    (work[col, j], work[pivot, j]) = (work[pivot, j], work[col, j]);
                    (inverse[col, j], inverse[pivot, j]) = (inverse[pivot, j], inverse[col, j]);
                }
            }
            double diagonal = work[col, col];
            determinant *= diagonal;
            for (int j = 0; j < p; j++) { work[col, j] /= diagonal; inverse[col, j] /= diagonal; }
            for (int r = 0; r < p; r++)
            {
                if (r == col) continue;
                double factor = work[r, col];
                for (int j = 0; j < p; j++) { work[r, j] -= factor * work[col, j]; inverse[r, j] -= factor * inverse[col, j]; }
            }
        }
        return (inverse, determinant);
    }
}
