namespace Gmm;

/// <summary>
/// What diagonal and spherical covariances share: each component has variances only (d of them, or one for every
/// feature), so the precision Cholesky factor is 1/σ element by element and nothing needs factoring.
/// </summary>
internal abstract class VarianceCovariance : CovarianceDefinition
{
    /// <summary>Variances per component: d (diag) or 1 (spherical).</summary>
    protected abstract int VariancesPerComponent(int d);

    public override void DerivePrecisionCholesky(ReadOnlySpan<double> covariances, int k, int d, Span<double> precisionsCholesky, Span<double> logDeterminants)
    {
        int perComponent = VariancesPerComponent(d);
        double scale = d / perComponent; // a spherical variance stands for d equal ones
        for (int c = 0; c < k; c++)
        {
            double logDet = 0;
            for (int j = 0; j < perComponent; j++)
            {
                double v = covariances[c * perComponent + j];
                if (!(v > 0) || double.IsInfinity(v))
                    throw new ArgumentException($"variance [{c}, {j}] = {v} must be finite and > 0; increase the regularisation (reg_covar).", "covariances");
                double pc = 1.0 / Math.Sqrt(v);
                precisionsCholesky[c * perComponent + j] = pc;
                logDet += Math.Log(pc);
            }
            logDeterminants[c] = logDet * scale;
        }
    }

    public override void PrecisionsFromCholesky(ReadOnlySpan<double> precisionsCholesky, int d, Span<double> precisions)
    {
        for (int i = 0; i < precisionsCholesky.Length; i++) precisions[i] = precisionsCholesky[i] * precisionsCholesky[i];
    }

    protected override void InvertPrecisions(ReadOnlySpan<double> precisions, int d, Span<double> covariances, string parameterName)
    {
        for (int i = 0; i < precisions.Length; i++)
        {
            if (!(precisions[i] > 0) || double.IsInfinity(precisions[i]))
                throw new ArgumentException($"precision [{i}] = {precisions[i]} must be finite and > 0.", parameterName);
            covariances[i] = 1.0 / precisions[i];
        }
    }

    public override void ProjectMeans(ReadOnlySpan<double> means, ReadOnlySpan<double> precisionsCholesky, int k, int d,
        ReadOnlySpan<double> center, Span<double> destination)
    {
        int perComponent = VariancesPerComponent(d);
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                destination[c * d + j] = (means[c * d + j] - center[j]) * precisionsCholesky[c * perComponent + (perComponent == 1 ? 0 : j)];
    }

    public override double SquaredMahalanobis(ReadOnlySpan<double> precisionsCholesky, int component, ReadOnlySpan<double> difference)
    {
        int d = difference.Length, perComponent = VariancesPerComponent(d);
        var factors = precisionsCholesky.Slice(component * perComponent, perComponent);
        double sum = 0;
        for (int j = 0; j < d; j++)
        {
            double y = difference[j] * factors[perComponent == 1 ? 0 : j];
            sum += y * y;
        }
        return sum;
    }

    public override double[] SamplingFactors(ReadOnlySpan<double> covariances, int d)
    {
        var factors = new double[covariances.Length];
        for (int i = 0; i < factors.Length; i++) factors[i] = Math.Sqrt(covariances[i]);
        return factors;
    }

    public override void AddScaledNoise(ReadOnlySpan<double> factors, int component, int d, ReadOnlySpan<double> z, Span<double> point)
    {
        int perComponent = VariancesPerComponent(d);
        for (int i = 0; i < d; i++) point[i] += factors[component * perComponent + (perComponent == 1 ? 0 : i)] * z[i];
    }

    public override void AddOuterProduct(Span<double> covariance, ReadOnlySpan<double> v, double scale)
    {
        if (covariance.Length == v.Length)
            for (int j = 0; j < v.Length; j++) covariance[j] += scale * v[j] * v[j];
        else
        {
            double squared = 0;
            foreach (var x in v) squared += x * x;
            covariance[0] += scale * squared / v.Length;
        }
    }

    public override void AddIdentity(Span<double> covariance, int d, double value)
    {
        for (int j = 0; j < covariance.Length; j++) covariance[j] += value;
    }

    public override double TraceOfProduct(ReadOnlySpan<double> precision, ReadOnlySpan<double> matrix, int d)
    {
        double sum = 0;
        for (int j = 0; j < matrix.Length; j++) sum += precision[j] * matrix[j];
        return sum * (d / matrix.Length); // a spherical value stands for d equal diagonal entries
    }

    /// <summary>
    /// Adds reg_covar to estimated variances, reporting a collapse (a variance at the floor) and replacing a variance that
    /// is still not positive (reg_covar = 0) by a floor of 1e-12, both once per component.
    /// </summary>
    protected static void FinishVariances(Span<double> variances, double regularization, int component, MaximizationContext context)
    {
        bool collapsed = false;
        for (int j = 0; j < variances.Length; j++)
        {
            if (!(variances[j] > regularization * 1e-3)) { collapsed = true; variances[j] = Math.Max(variances[j], 0); }
            variances[j] += regularization;
            if (!(variances[j] > 0))
            {
                variances[j] = Math.Max(regularization, 1e-12);
                if (context.Wants(FitWarningKind.RegularizationIncreased, component))
                    context.Warn(FitWarningKind.RegularizationIncreased, component,
                        $"Component {component} has a zero variance and reg_covar is 0; a floor of 1e-12 was used. Set reg_covar > 0.");
            }
        }
        if (collapsed && context.Wants(FitWarningKind.ComponentCollapsed, component))
            context.Warn(FitWarningKind.ComponentCollapsed, component,
                $"Component {component} collapsed: a variance fell to the regularisation floor (reg_covar = {regularization:G3}). It may sit on a single point; try fewer components or a larger reg_covar.");
    }
}
