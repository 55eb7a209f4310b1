using System.Globalization;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>
/// Whether a model file's precisions_cholesky agrees with its covariances. The model derives the precision Cholesky
/// factor U (upper triangular, U Uᵀ = Σ⁻¹; 1/σ for diag and spherical) from the covariances; the file's factor G
/// agrees when U⁻¹G is the identity within <see cref="Tolerance"/> in every entry. That measure is relative to each
/// component's own scale and direction (a variance of 1e-6 beside one of 1e6 is checked as closely), and rounding
/// (files written with full precision, scikit-learn's own factors) stays orders of magnitude below it.
/// </summary>
internal static class PrecisionsAgreement
{
    /// <summary>Largest accepted |U⁻¹G − I| entry.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Throws a <see cref="CliException"/> naming the first component whose given factor disagrees with the model's.</summary>
    /// <param name="path">The model file, for the message.</param>
    /// <param name="model">The model built from the file's covariances.</param>
    /// <param name="given">The file's precisions_cholesky, shaped like the covariances.</param>
    public static void Check(string path, GaussianMixtureModel model, double[] given)
    {
        var derived = model.PrecisionsCholesky;
        int d = model.Dimension;
        bool triangular = model.CovarianceType is CovarianceType.Full or CovarianceType.Tied;
        int block = triangular ? d * d : model.CovarianceType == CovarianceType.Diagonal ? d : 1;
        int blocks = given.Length / block;
        for (int m = 0; m < blocks; m++)
        {
            double worst = triangular ? Triangular(derived, given, m * block, d) : Diagonal(derived, given, m * block, block);
            if (worst <= Tolerance) continue;
            string which = model.CovarianceType == CovarianceType.Tied ? "the tied component" : $"component {m}";
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: precisions_cholesky of {which} does not agree with its covariances (they differ by {(double.IsNaN(worst) ? "an undefined amount" : worst.ToString("G3", CultureInfo.InvariantCulture))} relative, more than the {Tolerance:G1} allowed); one of them was edited: correct it, or remove precisions_cholesky (it is derived from the covariances)."));
        }
    }

    /// <summary>max |U⁻¹G − I| for one d×d upper-triangular U (row-major) at <paramref name="offset"/>, by back substitution per column of G.</summary>
    private static double Triangular(IReadOnlyList<double> u, double[] g, int offset, int d)
    {
        double worst = 0;
        var x = new double[d];
        for (int column = 0; column < d; column++)
        {
            for (int i = d - 1; i >= 0; i--)
            {
                double sum = g[offset + i * d + column];
                for (int j = i + 1; j < d; j++) sum -= u[offset + i * d + j] * x[j];
                x[i] = sum / u[offset + i * d + i];
                double error = Math.Abs(x[i] - (i == column ? 1 : 0));
                if (!(error <= worst)) worst = error; // NaN wins
            }
        }
        return worst;
    }

    /// <summary>max |g/u − 1| over one component's diagonal entries.</summary>
    private static double Diagonal(IReadOnlyList<double> u, double[] g, int offset, int count)
    {
        double worst = 0;
        for (int j = offset; j < offset + count; j++)
        {
            double error = Math.Abs(g[j] / u[j] - 1);
            if (!(error <= worst)) worst = error;
        }
        return worst;
    }
}
