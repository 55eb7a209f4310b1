namespace Gmm;

/// <summary>
/// What full and tied covariances share: every covariance is a d×d symmetric positive-definite matrix (k of them for
/// full, one for tied), factored by Cholesky; the M-step symmetrises, regularises and repairs them the same way.
/// </summary>
internal abstract class MatrixCovariance : CovarianceDefinition
{
    /// <summary>Most scratch values (two d×d matrices) the M-step puts on the stack (16 KiB); larger d use the heap.</summary>
    protected const int ScratchOnStack = 2048;

    /// <summary>Index of the matrix component <paramref name="component"/> uses (full: its own; tied: 0).</summary>
    protected abstract int MatrixIndex(int component);

    public override void DerivePrecisionCholesky(ReadOnlySpan<double> covariances, int k, int d, Span<double> precisionsCholesky, Span<double> logDeterminants)
    {
        int matrices = covariances.Length / (d * d);
        for (int m = 0; m < matrices; m++)
        {
            var cov = covariances.Slice(m * d * d, d * d);
            for (int i = 0; i < cov.Length; i++)
                if (!double.IsFinite(cov[i]))
                    throw new ArgumentException($"covariance matrix {m} holds a non-finite value.", "covariances");
            if (!CovarianceMath.IsSymmetric(cov, d))
                throw new ArgumentException($"covariance matrix {m} is not symmetric.", "covariances");
            if (!CovarianceMath.TryPrecisionCholesky(cov, d, precisionsCholesky.Slice(m * d * d, d * d), out double logDet))
                throw new ArgumentException($"covariance matrix {m} is not positive definite; increase the regularisation (reg_covar) or reduce the number of components.", "covariances");
            if (matrices == k) logDeterminants[m] = logDet;
            else logDeterminants.Fill(logDet); // one shared matrix
        }
    }

    public override void PrecisionsFromCholesky(ReadOnlySpan<double> precisionsCholesky, int d, Span<double> precisions)
    {
        int matrices = precisionsCholesky.Length / (d * d);
        for (int m = 0; m < matrices; m++)
        {
            var u = precisionsCholesky.Slice(m * d * d, d * d);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    double sum = 0;
                    for (int p = Math.Max(i, j); p < d; p++) sum += u[i * d + p] * u[j * d + p];
                    precisions[m * d * d + i * d + j] = sum;
                }
        }
    }

    protected override void InvertPrecisions(ReadOnlySpan<double> precisions, int d, Span<double> covariances, string parameterName)
    {
        for (int m = 0; m < precisions.Length / (d * d); m++)
        {
            var p = precisions.Slice(m * d * d, d * d);
            if (!CovarianceMath.IsSymmetric(p, d))
                throw new ArgumentException($"precision matrix {m} is not symmetric.", parameterName);
            if (!CovarianceMath.TryInvertSpd(p, d, covariances.Slice(m * d * d, d * d)))
                throw new ArgumentException($"precision matrix {m} is not positive definite.", parameterName);
        }
    }

    public override void ProjectMeans(ReadOnlySpan<double> means, ReadOnlySpan<double> precisionsCholesky, int k, int d,
        ReadOnlySpan<double> center, Span<double> destination)
    {
        for (int c = 0; c < k; c++)
        {
            var u = precisionsCholesky.Slice(MatrixIndex(c) * d * d, d * d);
            for (int i = 0; i < d; i++)
            {
                double sum = 0;
                for (int j = 0; j <= i; j++) sum += (means[c * d + j] - center[j]) * u[j * d + i];
                destination[c * d + i] = sum;
            }
        }
    }

    public override double SquaredMahalanobis(ReadOnlySpan<double> precisionsCholesky, int component, ReadOnlySpan<double> difference)
    {
        int d = difference.Length;
        var u = precisionsCholesky.Slice(MatrixIndex(component) * d * d, d * d);
        double sum = 0;
        for (int i = 0; i < d; i++)
        {
            double y = 0;
            for (int j = 0; j <= i; j++) y += difference[j] * u[j * d + i];
            sum += y * y;
        }
        return sum;
    }

    public override double[] SamplingFactors(ReadOnlySpan<double> covariances, int d)
    {
        var factors = new double[covariances.Length];
        for (int m = 0; m < factors.Length / (d * d); m++)
            CovarianceMath.TryCholesky(covariances.Slice(m * d * d, d * d), d, factors.AsSpan(m * d * d, d * d)); // the model's matrices are positive definite
        return factors;
    }

    public override void AddScaledNoise(ReadOnlySpan<double> factors, int component, int d, ReadOnlySpan<double> z, Span<double> point)
    {
        int offset = MatrixIndex(component) * d * d;
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++) point[i] += factors[offset + i * d + j] * z[j];
    }

    public override void AddOuterProduct(Span<double> covariance, ReadOnlySpan<double> v, double scale)
    {
        int d = v.Length;
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) covariance[a * d + b] += scale * v[a] * v[b];
    }

    public override void AddIdentity(Span<double> covariance, int d, double value)
    {
        for (int a = 0; a < d; a++) covariance[a * d + a] += value;
    }

    public override double TraceOfProduct(ReadOnlySpan<double> precision, ReadOnlySpan<double> matrix, int d)
    {
        double sum = 0;
        for (int i = 0; i < d * d; i++) sum += precision[i] * matrix[i];
        return sum;
    }

    public override void MirrorUpper(SufficientStatistics statistics)
    {
        int d = statistics.Dimension;
        var s = statistics.SecondOrder;
        for (int m = 0; m < s.Length / (d * d); m++)
            for (int a = 0; a < d; a++)
                for (int b = a + 1; b < d; b++) s[m * d * d + b * d + a] = s[m * d * d + a * d + b];
    }

    /// <summary>
    /// Finishes matrix <paramref name="m"/> of <paramref name="covariances"/> (<see cref="FinishMatrix"/>) and, when
    /// <paramref name="precisionsCholesky"/> is not empty, derives its precision Cholesky factor (slot m) from
    /// the factor the check computed: the matrix is symmetric by construction and a successful factorisation implies it
    /// is finite, so this is what <see cref="DerivePrecisionCholesky"/> would give, to the bit, without factoring it again.
    /// </summary>
    /// <returns>Σ log diag(U) of the matrix (0 when no factor was asked for).</returns>
    protected static double FinishAndFactor(Span<double> covariances, int m, int d, double regularization, int component, MaximizationContext context,
        Span<double> precisionsCholesky, Span<double> lower, Span<double> inverse)
    {
        FinishMatrix(covariances.Slice(m * d * d, d * d), d, regularization, component, context, lower);
        if (precisionsCholesky.IsEmpty) return 0;
        return CovarianceMath.PrecisionCholeskyFromLower(lower, d, precisionsCholesky.Slice(m * d * d, d * d), inverse);
    }

    /// <summary>
    /// Adds reg_covar to the diagonal of one estimated matrix, reports a collapse (trace at the floor), and adds growing
    /// jitter until it is positive definite (reported once).
    /// </summary>
    /// <param name="cov">The estimated matrix (d×d), finished in place.</param>
    /// <param name="d">Dimension.</param>
    /// <param name="regularization">reg_covar.</param>
    /// <param name="component">The component it belongs to, or −1 for the tied matrix.</param>
    /// <param name="context">Where warnings go.</param>
    /// <param name="lower">Receives the lower Cholesky factor of the finished matrix (d² values; scratch while it is tried).</param>
    protected static void FinishMatrix(Span<double> cov, int d, double regularization, int component, MaximizationContext context, Span<double> lower)
    {
        double trace = 0;
        for (int a = 0; a < d; a++) trace += Math.Max(cov[a * d + a], 0);
        bool collapsed = trace <= regularization * 1e-3 * d;
        for (int a = 0; a < d; a++) cov[a * d + a] += regularization;
        string Who() => component < 0 ? "The tied covariance" : $"Component {component}";
        if (collapsed && context.Wants(FitWarningKind.ComponentCollapsed, component))
            context.Warn(FitWarningKind.ComponentCollapsed, component,
                $"{Who()} collapsed: its covariance fell to the regularisation floor (reg_covar = {regularization:G3}). It may sit on a single point; try fewer components or a larger reg_covar.");

        double jitter = Math.Max(regularization, Math.Max(trace / d, 1) * 1e-10);
        for (int attempt = 0; !CovarianceMath.TryCholesky(cov, d, lower); attempt++)
        {
            if (attempt > 40) throw new InvalidOperationException($"{Who()} could not be made positive definite; the data may hold NaN or Inf.");
            for (int a = 0; a < d; a++) cov[a * d + a] += jitter;
            if (context.Wants(FitWarningKind.RegularizationIncreased, component))
                context.Warn(FitWarningKind.RegularizationIncreased, component,
                    $"{Who()} had an ill-defined empirical covariance; extra regularisation was added to its diagonal. Try decreasing the number of components or increasing reg_covar.");
            jitter *= 10;
        }
    }
}
