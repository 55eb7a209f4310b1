namespace Gmm;

/// <summary>
/// What every mclust M-step consumes: per component the count N_k, the mean μ_k and the scatter
/// W_k = Σ_n w_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ (mclust's "weighted scattering matrix"), taken from the sufficient
/// statistics of one of the four covariance types, with the regularisation r added as N_k·r·I (so that every model
/// keeps its constraint and the four scikit-learn models get exactly Σ_k + r·I). <see cref="Form"/> says how much of
/// W is known: Full k×d×d, Tied the pooled Σ_k W_k (d×d), Diagonal the diagonals (k×d), Spherical the traces (k);
/// a richer form gives every poorer one.
/// </summary>
internal sealed class ComponentScatter
{
    private ComponentScatter(CovarianceType form, double[] counts, double[] means, double[] matrices, int dimension)
    {
        Form = form;
        Counts = counts;
        Means = means;
        Matrices = matrices;
        ComponentCount = counts.Length;
        Dimension = dimension;
        foreach (double count in counts) Total += count;
    }

    /// <summary>Number of components k.</summary>
    public int ComponentCount { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Which part of the scatter matrices is held (see the class remarks).</summary>
    public CovarianceType Form { get; }

    /// <summary>N_k (k).</summary>
    public double[] Counts { get; }

    /// <summary>Σ_k N_k: mclust's n (the number of points when the responsibilities of each sum to 1).</summary>
    public double Total { get; }

    /// <summary>μ_k (k×d row-major).</summary>
    public double[] Means { get; }

    /// <summary>The scatter in <see cref="Form"/>'s layout.</summary>
    public double[] Matrices { get; }

    /// <summary>
    /// The scatter of the components <paramref name="keep"/> (all when null) of <paramref name="statistics"/>, with
    /// N_k·<paramref name="regularization"/> added to the diagonal of every W_k.
    /// </summary>
    public static ComponentScatter FromStatistics(SufficientStatistics statistics, double regularization, IReadOnlyList<int>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        int d = statistics.Dimension;
        keep ??= Enumerable.Range(0, statistics.ComponentCount).ToArray();
        int k = keep.Count;
        var counts = new double[k];
        var means = new double[k * d];
        var deltas = new double[k * d];
        for (int i = 0; i < k; i++)
        {
            int c = keep[i];
            counts[i] = statistics.ZerothOrder[c];
            for (int j = 0; j < d; j++)
            {
                deltas[i * d + j] = statistics.FirstOrder[c * d + j] / counts[i];
                means[i * d + j] = statistics.Reference[c * d + j] + deltas[i * d + j];
            }
        }
        var s = statistics.SecondOrder;
        double[] matrices;
        switch (statistics.CovarianceType)
        {
            case CovarianceType.Full:
                matrices = new double[k * d * d];
                for (int i = 0; i < k; i++)
                {
                    int c = keep[i];
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b < d; b++)
                            matrices[(i * d + a) * d + b] = 0.5 * (s[(c * d + a) * d + b] + s[(c * d + b) * d + a])
                                - counts[i] * deltas[i * d + a] * deltas[i * d + b];
                    for (int a = 0; a < d; a++) matrices[(i * d + a) * d + a] += counts[i] * regularization;
                }
                break;
            case CovarianceType.Tied:
                matrices = new double[d * d];
                double total = 0;
                for (int i = 0; i < k; i++) total += counts[i];
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++)
                    {
                        double between = 0;
                        for (int i = 0; i < k; i++) between += counts[i] * deltas[i * d + a] * deltas[i * d + b];
                        matrices[a * d + b] = 0.5 * (s[a * d + b] + s[b * d + a]) - between;
                    }
                for (int a = 0; a < d; a++) matrices[a * d + a] += total * regularization;
                break;
            case CovarianceType.Diagonal:
                matrices = new double[k * d];
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < d; j++)
                    {
                        double delta = deltas[i * d + j];
                        matrices[i * d + j] = Math.Max(s[keep[i] * d + j] - counts[i] * delta * delta, 0) + counts[i] * regularization;
                    }
                break;
            default:
                matrices = new double[k];
                for (int i = 0; i < k; i++)
                {
                    double squared = 0;
                    for (int j = 0; j < d; j++) squared += deltas[i * d + j] * deltas[i * d + j];
                    matrices[i] = Math.Max(s[keep[i]] - counts[i] * squared, 0) + counts[i] * d * regularization;
                }
                break;
        }
        return new ComponentScatter(statistics.CovarianceType, counts, means, matrices, d);
    }

    /// <summary>W_k (k×d×d); needs <see cref="CovarianceType.Full"/> statistics.</summary>
    public double[] Full()
    {
        Require(Form == CovarianceType.Full, CovarianceType.Full);
        return Matrices;
    }

    /// <summary>Σ_k W_k (d×d); needs full or tied statistics.</summary>
    public double[] Pooled()
    {
        if (Form == CovarianceType.Tied) return Matrices;
        Require(Form == CovarianceType.Full, CovarianceType.Tied);
        int d = Dimension;
        var pooled = new double[d * d];
        for (int i = 0; i < ComponentCount; i++)
            for (int e = 0; e < d * d; e++) pooled[e] += Matrices[i * d * d + e];
        return pooled;
    }

    /// <summary>The diagonals of W_k (k×d); needs full or diagonal statistics.</summary>
    public double[] Diagonals()
    {
        if (Form == CovarianceType.Diagonal) return Matrices;
        Require(Form == CovarianceType.Full, CovarianceType.Diagonal);
        int d = Dimension;
        var diagonals = new double[ComponentCount * d];
        for (int i = 0; i < ComponentCount; i++)
            for (int j = 0; j < d; j++) diagonals[i * d + j] = Matrices[(i * d + j) * d + j];
        return diagonals;
    }

    /// <summary>tr W_k (k); needs any statistics but tied.</summary>
    public double[] Traces()
    {
        if (Form == CovarianceType.Spherical) return Matrices;
        Require(Form != CovarianceType.Tied, CovarianceType.Spherical);
        var diagonals = Diagonals();
        int d = Dimension;
        var traces = new double[ComponentCount];
        for (int i = 0; i < ComponentCount; i++)
            for (int j = 0; j < d; j++) traces[i] += diagonals[i * d + j];
        return traces;
    }

    private void Require(bool available, CovarianceType needed)
    {
        if (!available)
            throw new InvalidOperationException($"This M-step needs {needed} statistics (or richer); the statistics are {Form}.");
    }
}
