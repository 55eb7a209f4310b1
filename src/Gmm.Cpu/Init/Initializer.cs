using System.Numerics;

namespace Gmm;

/// <summary>
/// Starts a fit as scikit-learn's _initialize_parameters does: starting responsibilities by method, turned into
/// statistics and given to the M-step's <see cref="MaximizationStep{TState}.Initialize"/>; for maximum likelihood the
/// user's weights/means/precisions, where given, then override. k-means and k-means++ run on a uniform sample of at
/// most <see cref="DataSample.MaxPoints"/> points.
/// </summary>
internal static class Initializer
{
    /// <summary>
    /// The maximum-likelihood starting model of initialisation <c>context.Initialization</c>, with
    /// <see cref="GaussianMixtureOptions.InitialParameters"/> applied; <paramref name="device"/>, when given, runs
    /// k-means' nearest-centre searches (the same labels, so the same model).
    /// </summary>
    public static GaussianMixtureModel StartingModel<T>(IDataSource<T> data, GaussianMixtureOptions options, MaximizationStep<GaussianMixtureModel> step,
        Random random, MaximizationContext context, IKMeansDevice<T>? device = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var given = options.InitialParameters;
        if (given is { Weights: not null, Means: not null, Precisions: not null })
            return Override(null, given, options, data.Dimension); // nothing of an estimate would be used
        var model = Initialize(data, options.ComponentCount, options.CovarianceType, options.Initialization, step, random, context, device);
        return given is null ? model : Override(model, given, options, data.Dimension);
    }

    /// <summary>
    /// The starting state of <paramref name="step"/> for k components of <paramref name="type"/>: the statistics of the
    /// starting responsibilities <paramref name="method"/> chooses (drawing from <paramref name="random"/>), given to
    /// <see cref="MaximizationStep{TState}.Initialize"/>.
    /// </summary>
    public static TState Initialize<T, TState>(IDataSource<T> data, int k, CovarianceType type, InitializationMethod method,
        MaximizationStep<TState> step, Random random, MaximizationContext context, IKMeansDevice<T>? device = null)
        where T : unmanaged, IFloatingPointIeee754<T> where TState : class
    {
        var sample = DataSample.Draw(data, random);
        var center = sample.Mean();
        SufficientStatistics stats;
        switch (method)
        {
            case InitializationMethod.KMeans:
                var centers = KMeans.Fit(sample, k, random, device);
                stats = data is IResidentDataSource<T> resident // labelled where the points are: no point travels
                    ? resident.AccumulateNearestCenters(centers, center, type)
                    : OneHotStatistics.Accumulate(data, new NearestCenter(centers, k, data.Dimension, center), k, type, center, device);
                break;
            case InitializationMethod.KMeansPlusPlus:
                stats = FromPoints(sample, KMeans.PlusPlusSeeds(sample, k, random), type, center);
                break;
            case InitializationMethod.RandomFromData:
                stats = FromPoints(sample, DistinctIndices(sample, k, random), type, center);
                break;
            default:
                long seed = random.NextInt64();
                stats = ResponsibilityStatistics.Accumulate(data, k, type, center, (index, _, resp) =>
                {
                    // Counter-based draws: each point's numbers depend only on (seed, index), not on chunking or threads.
                    double sum = 0;
                    for (int c = 0; c < k; c++) sum += resp[c] = UniformDraw(seed, index * k + c);
                    for (int c = 0; c < k; c++) resp[c] /= sum;
                });
                break;
        }
        var warnings = context.Warnings;
        int before = warnings.Count;
        var state = step.Initialize(stats, context);
        if (method is InitializationMethod.KMeansPlusPlus or InitializationMethod.RandomFromData)
        {
            // Each component starts on one point, so its covariance is reg_covar·I by construction (as in scikit-learn):
            // not a collapse to report, and reporting it would hide a real collapse later (warnings are once per
            // component and initialisation).
            for (int i = warnings.Count - 1; i >= before; i--)
                if (warnings[i].Kind == FitWarningKind.ComponentCollapsed) warnings.RemoveAt(i);
        }
        return state;
    }

    /// <summary>
    /// Applies user-given starting parameters over the estimated <paramref name="model"/> (null when every part is
    /// given), checking their shapes against k, d and the covariance type.
    /// </summary>
    public static GaussianMixtureModel Override(GaussianMixtureModel? model, InitialParameters given, GaussianMixtureOptions options, int d)
    {
        int k = options.ComponentCount;
        if (model is not null && model.ComponentCount != k)
            throw new ArgumentException($"The initialisation lost components ({model.ComponentCount} of {k}); user-given parameters cannot be applied.", nameof(options));
        var weights = given.Weights?.ToArray() ?? model!.WeightsArray;
        var means = given.Means?.ToArray() ?? model!.MeansArray;
        if (weights.Length != k)
            throw new ArgumentException($"InitialParameters.Weights must hold k = {k} values; got {weights.Length}.", nameof(options));
        if (means.Length != k * d)
            throw new ArgumentException($"InitialParameters.Means must hold k×d = {k}×{d} values; got {means.Length}.", nameof(options));
        var covariances = given.Precisions is null
            ? model!.CovariancesArray
            : CovarianceDefinition.For(options.CovarianceType).CovariancesFromPrecisions(given.Precisions.ToArray(), k, d, "InitialParameters.Precisions");
        try
        {
            return new GaussianMixtureModel(options.CovarianceType, weights, means, covariances);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"InitialParameters are invalid: {e.Message}", nameof(options), e);
        }
    }

    /// <summary>
    /// Statistics of one point per component (responsibility 1, as scikit-learn's one-hot start), each taken about its
    /// own point: N = 1, F = 0 and S = 0 exactly, so the M-step gives that point as the mean and reg_covar·I as the
    /// covariance however far the data lies from the origin (about a shared centre, S − N·δδᵀ cancelled to rounding
    /// noise of the point's distance squared, which beyond ~1e12 exceeds reg_covar and made the start ill-defined).
    /// </summary>
    private static SufficientStatistics FromPoints(DataSample sample, int[] indices, CovarianceType type, double[] center)
    {
        int k = indices.Length, d = sample.Dimension;
        var reference = new double[k * d];
        for (int c = 0; c < k; c++) sample.Row(indices[c]).CopyTo(reference.AsSpan(c * d, d));
        var stats = SufficientStatistics.Create(type, center, reference);
        stats.ZerothOrder.AsSpan().Fill(1);
        stats.WeightSum = k;
        stats.PointCount = k;
        return stats;
    }

    /// <summary>A uniform double in (0, 1] from a SplitMix64 hash of (seed, counter).</summary>
    internal static double UniformDraw(long seed, long counter)
    {
        ulong z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(counter + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return ((z >> 11) + 1) * (1.0 / (1UL << 53));
    }

    /// <summary>
    /// k distinct sample points: uniform when all weights are equal, else drawn in proportion to their weights, as
    /// from the data with each point repeated by its weight (points of weight 0 are never drawn).
    /// </summary>
    private static int[] DistinctIndices(DataSample sample, int k, Random random)
    {
        int n = sample.Count;
        var w = sample.Weights;
        bool uniform = Array.TrueForAll(w, v => v == w[0]);
        int positive = uniform ? n : w.Count(v => v > 0);
        if (k > positive)
            throw new ArgumentOutOfRangeException(nameof(GaussianMixtureOptions.ComponentCount), k,
                $"RandomFromData needs k = {k} distinct points of positive weight; the {(n < DataSample.MaxPoints ? "data has" : "sample drawn for initialisation has")} {positive}.");
        if (!uniform)
        {
            // Efraimidis–Spirakis: the k largest u^(1/w) keys are a weighted draw without replacement.
            var keys = new double[n];
            for (int i = 0; i < n; i++)
                keys[i] = w[i] > 0 ? Math.Log(1 - random.NextDouble()) / w[i] : double.NegativeInfinity;
            var order = Enumerable.Range(0, n).ToArray();
            Array.Sort(keys, order);
            return order[^k..].Reverse().ToArray();
        }
        var chosen = new HashSet<int>();
        var picks = new List<int>(k);
        while (picks.Count < k)
        {
            int i = random.Next(n);
            if (chosen.Add(i)) picks.Add(i);
        }
        return [.. picks];
    }
}
