namespace Gmm;

/// <summary>
/// Diagonal and spherical components with missing entries: the coordinates are independent given the component, so
/// the marginal density is the product over the observed coordinates, a missing coordinate's conditional mean is μ_kj
/// and its conditional variance σ²_kj (the statistics' corrections M·μ for F and M·(μ² + σ²) for S, about ref_k).
/// </summary>
internal sealed class VarianceMarginals : MarginalGaussians
{
    private readonly double[] _variances;     // k×d (spherical: σ²_k repeated)
    private readonly double[] _logVariances;  // k×d
    private readonly bool _spherical;

    public VarianceMarginals(GaussianMixtureModel model) : base(model)
    {
        int k = ComponentCount, d = Dimension;
        _spherical = model.CovarianceType == CovarianceType.Spherical;
        _variances = new double[k * d];
        _logVariances = new double[k * d];
        var covariances = model.CovariancesArray;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                double variance = _spherical ? covariances[c] : covariances[c * d + j];
                _variances[c * d + j] = variance;
                _logVariances[c * d + j] = Math.Log(variance);
            }
    }

    public override void LogProbabilities(ReadOnlySpan<double> row, Span<double> destination)
    {
        int d = Dimension;
        var means = Model.MeansArray;
        for (int c = 0; c < ComponentCount; c++)
        {
            double sum = LogWeights[c];
            for (int j = 0; j < d; j++)
            {
                double x = row[j];
                if (double.IsNaN(x)) continue;
                double difference = x - means[c * d + j];
                sum -= HalfLogTwoPi + 0.5 * (_logVariances[c * d + j] + difference * difference / _variances[c * d + j]);
            }
            destination[c] = sum;
        }
    }

    /// <summary>
    /// The statistics of the missing coordinates from their responsibility mass M (k×d, M_kj = Σ_i w_i r_ik [x_ij
    /// missing]): each such coordinate's expectation is μ_kj, its conditional variance σ²_kj, so F_kj += M_kj (μ_kj −
    /// ref_kj) and S_kj += M_kj ((μ_kj − ref_kj)² + σ²_kj) (spherical: summed over j into S_k). What
    /// <see cref="AddStatistics"/> adds per point, for a backend that accumulated the observed coordinates itself
    /// (<see cref="IMissingValueDevice{T}"/>).
    /// </summary>
    public static void AddMissingMass(GaussianMixtureModel model, ReadOnlySpan<double> missingMass, SufficientStatistics statistics)
    {
        int k = model.ComponentCount, d = model.Dimension;
        bool spherical = model.CovarianceType == CovarianceType.Spherical;
        var means = model.MeansArray;
        var covariances = model.CovariancesArray;
        var reference = statistics.Reference;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                int at = c * d + j;
                double mass = missingMass[at];
                if (mass == 0) continue;
                double e = means[at] - reference[at];
                statistics.FirstOrder[at] += mass * e;
                double square = mass * (e * e + (spherical ? covariances[c] : covariances[at]));
                if (spherical) statistics.SecondOrder[c] += square;
                else statistics.SecondOrder[at] += square;
            }
    }

    public override void ConditionalMean(ReadOnlySpan<double> row, int component, Span<double> destination)
    {
        int d = Dimension;
        for (int j = 0; j < d; j++) destination[j] = double.IsNaN(row[j]) ? Model.MeansArray[component * d + j] : row[j];
    }

    public override void AddStatistics(ReadOnlySpan<double> row, ReadOnlySpan<double> responsibilities, double weight, SufficientStatistics statistics)
    {
        int d = Dimension;
        var means = Model.MeansArray;
        var reference = statistics.Reference;
        var first = statistics.FirstOrder;
        var second = statistics.SecondOrder;
        for (int c = 0; c < ComponentCount; c++)
        {
            double mass = weight * responsibilities[c];
            if (mass == 0) continue;
            statistics.ZerothOrder[c] += mass;
            double squares = 0;
            for (int j = 0; j < d; j++)
            {
                int at = c * d + j;
                bool missing = double.IsNaN(row[j]);
                double e = (missing ? means[at] : row[j]) - reference[at];
                first[at] += mass * e;
                double square = e * e + (missing ? _variances[at] : 0);
                if (_spherical) squares += square;
                else second[at] += mass * square;
            }
            if (_spherical) second[c] += mass * squares;
        }
    }
}
