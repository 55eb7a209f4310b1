namespace Gmm;

/// <summary>
/// Full and tied components with missing entries, per missingness pattern (o observed, m missing coordinates): per
/// component the lower Cholesky factor L of Σ_oo, G = Σ_mo L⁻ᵀ and the conditional covariance C = Σ_mm − G Gᵀ, so that
/// with z = L⁻¹(x_o − μ_o) the marginal is log π_k − |o|/2 log 2π − Σ log L_ii − ½‖z‖² and E[x_m | x_o] = μ_m + G z.
/// Patterns are computed on first sight and kept for the life of the instance (points grouped by pattern share them).
/// </summary>
internal sealed class MatrixMarginals : MarginalGaussians
{
    private readonly Dictionary<string, Pattern> _patterns = new(StringComparer.Ordinal);
    private readonly char[] _key;
    private readonly double[] _z;
    private readonly double[] _filled;

    public MatrixMarginals(GaussianMixtureModel model) : base(model)
    {
        _key = new char[Dimension];
        _z = new double[Dimension];
        _filled = new double[Dimension];
    }

    /// <summary>One missingness pattern's conditional Gaussians, per component.</summary>
    private sealed class Pattern
    {
        public required int[] Observed { get; init; }
        public required int[] Missing { get; init; }
        public required double[][] Lower { get; init; }        // per component p×p
        public required double[] Constants { get; init; }      // per component
        public required double[][] Regression { get; init; }   // per component G, q×p
        public required double[][] Conditional { get; init; }  // per component C, q×q
    }

    public override void LogProbabilities(ReadOnlySpan<double> row, Span<double> destination)
    {
        var pattern = PatternOf(row);
        for (int c = 0; c < ComponentCount; c++)
        {
            double squares = Whiten(row, pattern, c, _z);
            destination[c] = pattern.Constants[c] - 0.5 * squares;
        }
    }

    public override void ConditionalMean(ReadOnlySpan<double> row, int component, Span<double> destination)
    {
        var pattern = PatternOf(row);
        Whiten(row, pattern, component, _z);
        Fill(row, pattern, component, destination);
    }

    public override void AddStatistics(ReadOnlySpan<double> row, ReadOnlySpan<double> responsibilities, double weight, SufficientStatistics statistics)
    {
        int d = Dimension;
        var pattern = PatternOf(row);
        var reference = statistics.Reference;
        bool tied = Model.CovarianceType == CovarianceType.Tied;
        var missing = pattern.Missing;
        for (int c = 0; c < ComponentCount; c++)
        {
            double mass = weight * responsibilities[c];
            if (mass == 0) continue;
            Whiten(row, pattern, c, _z);
            Fill(row, pattern, c, _filled);
            for (int j = 0; j < d; j++) _filled[j] -= reference[c * d + j];
            statistics.ZerothOrder[c] += mass;
            var first = statistics.FirstOrder.AsSpan(c * d, d);
            var second = statistics.SecondOrder.AsSpan(tied ? 0 : c * d * d, d * d);
            for (int a = 0; a < d; a++)
            {
                double scaled = mass * _filled[a];
                first[a] += scaled;
                for (int b = 0; b < d; b++) second[a * d + b] += scaled * _filled[b];
            }
            var conditional = pattern.Conditional[c];
            int q = missing.Length;
            for (int a = 0; a < q; a++)
                for (int b = 0; b < q; b++)
                    second[missing[a] * d + missing[b]] += mass * conditional[a * q + b];
        }
    }

    /// <summary>z = L⁻¹(x_o − μ_o) into <paramref name="z"/> (p values); returns ‖z‖².</summary>
    private double Whiten(ReadOnlySpan<double> row, Pattern pattern, int component, Span<double> z)
    {
        var observed = pattern.Observed;
        int p = observed.Length, d = Dimension;
        var lower = pattern.Lower[component];
        var means = Model.MeansArray;
        double squares = 0;
        for (int i = 0; i < p; i++)
        {
            double sum = row[observed[i]] - means[component * d + observed[i]];
            for (int t = 0; t < i; t++) sum -= lower[i * p + t] * z[t];
            z[i] = sum / lower[i * p + i];
            squares += z[i] * z[i];
        }
        return squares;
    }

    /// <summary>E[x | x_o, component] from z (the last <see cref="Whiten"/> of this component).</summary>
    private void Fill(ReadOnlySpan<double> row, Pattern pattern, int component, Span<double> destination)
    {
        int d = Dimension, p = pattern.Observed.Length;
        row[..d].CopyTo(destination);
        var regression = pattern.Regression[component];
        var missing = pattern.Missing;
        for (int a = 0; a < missing.Length; a++)
        {
            double sum = Model.MeansArray[component * d + missing[a]];
            for (int t = 0; t < p; t++) sum += regression[a * p + t] * _z[t];
            destination[missing[a]] = sum;
        }
    }

    private Pattern PatternOf(ReadOnlySpan<double> row)
    {
        for (int j = 0; j < Dimension; j++) _key[j] = double.IsNaN(row[j]) ? 'm' : 'o';
        var key = new string(_key); // patterns are few; the key of a seen one is a lookup
        if (!_patterns.TryGetValue(key, out var pattern))
        {
            pattern = Build(key);
            _patterns.Add(key, pattern);
        }
        return pattern;
    }

    private Pattern Build(string key)
    {
        int d = Dimension, k = ComponentCount;
        int[] observed = [.. Enumerable.Range(0, d).Where(j => key[j] == 'o')];
        int[] missing = [.. Enumerable.Range(0, d).Where(j => key[j] == 'm')];
        int p = observed.Length, q = missing.Length;
        var lowers = new double[k][];
        var constants = new double[k];
        var regressions = new double[k][];
        var conditionals = new double[k][];
        var block = new double[p * p];
        bool tied = Model.CovarianceType == CovarianceType.Tied;
        for (int c = 0; c < k; c++)
        {
            var covariance = Model.CovariancesArray.AsSpan(tied ? 0 : c * d * d, d * d);
            for (int a = 0; a < p; a++)
                for (int b = 0; b < p; b++) block[a * p + b] = covariance[observed[a] * d + observed[b]];
            var lower = new double[p * p];
            if (!CovarianceMath.TryCholesky(block, p, lower))
                throw new InvalidOperationException($"The covariance of component {c} restricted to the observed features is not positive definite; increase RegularizationCovariance.");
            double logDet = 0;
            for (int i = 0; i < p; i++) logDet += Math.Log(lower[i * p + i]);
            // G row a = (L⁻¹ Σ_o,m_a)ᵀ: forward substitution per missing coordinate.
            var regression = new double[q * p];
            for (int a = 0; a < q; a++)
                for (int i = 0; i < p; i++)
                {
                    double sum = covariance[missing[a] * d + observed[i]];
                    for (int t = 0; t < i; t++) sum -= lower[i * p + t] * regression[a * p + t];
                    regression[a * p + i] = sum / lower[i * p + i];
                }
            var conditional = new double[q * q];
            for (int a = 0; a < q; a++)
                for (int b = 0; b < q; b++)
                {
                    double sum = covariance[missing[a] * d + missing[b]];
                    for (int t = 0; t < p; t++) sum -= regression[a * p + t] * regression[b * p + t];
                    conditional[a * q + b] = sum;
                }
            lowers[c] = lower;
            constants[c] = LogWeights[c] - p * HalfLogTwoPi - logDet;
            regressions[c] = regression;
            conditionals[c] = conditional;
        }
        return new Pattern { Observed = observed, Missing = missing, Lower = lowers, Constants = constants, Regression = regressions, Conditional = conditionals };
    }
}
