using System.Numerics;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>Points read from a file, in whichever float type the file holds; commands use it without caring which.</summary>
internal abstract class InputData : IDisposable
{
    protected InputData(string path, string[]? featureNames)
    {
        Path = path;
        FeatureNames = featureNames;
    }

    /// <summary>The file the points came from (for messages).</summary>
    public string Path { get; }

    /// <summary>Column names from a CSV header, or null.</summary>
    public string[]? FeatureNames { get; }

    public abstract int Dimension { get; }
    public abstract long Count { get; }

    /// <summary>
    /// What a NaN means (--missing): <see cref="MissingValues.Reject"/> (default) makes <see cref="CheckFinite"/> reject
    /// it; <see cref="MissingValues.Marginalize"/> makes it a missing entry in <see cref="CheckFinite"/>, the scores
    /// and the predictions. Set it before <see cref="CheckFinite"/>.
    /// </summary>
    public MissingValues Missing { get; set; }

    /// <summary>
    /// Throws a <see cref="CliException"/> naming the first non-finite value's place (<see cref="DataLocation"/>); under
    /// <see cref="MissingValues.Marginalize"/> NaN is accepted, ±∞ and a row with every value missing are not.
    /// </summary>
    public abstract void CheckFinite();

    /// <summary>
    /// Whether a maximum-likelihood fit of these points rejects every value <see cref="CheckFinite"/> would (NaN is not
    /// a missing value here, and nothing was checked yet), in the pass that copies a file into the fit's compute type,
    /// so that a caller may leave the check to it: one pass over the file instead of two.
    /// </summary>
    public abstract bool FitChecksFinite { get; }

    /// <summary>Records that a fit whose validation <see cref="FitChecksFinite"/> stood for has succeeded: every value is finite.</summary>
    public abstract void CheckedByFit();

    /// <summary>A view of the same points carrying <paramref name="weights"/> (n) as sample weights.</summary>
    public abstract InputData WithWeights(double[] weights);

    public abstract FitResult Fit(GaussianMixture mixture, IProgress<IterationReport>? progress, CancellationToken cancellationToken);

    public abstract BayesianFitResult Fit(BayesianGaussianMixture mixture, IProgress<IterationReport>? progress, CancellationToken cancellationToken);

    /// <summary>Runs a model selection over the points in their own float type.</summary>
    public abstract SelectionResult Select(GaussianMixtureSelection selection, SelectionOptions options, IProgress<SelectionEntry>? progress, CancellationToken cancellationToken);

    /// <summary>Mean (weighted, when weights are attached) log-likelihood per point.</summary>
    public abstract double Score(GaussianMixtureModel model);

    /// <summary>
    /// Starts compiling, on a background thread, what <see cref="Score(GaussianMixtureModel)"/> of a model of
    /// <paramref name="type"/> with <paramref name="components"/> components will run (<see cref="ScoreWarmUp"/>); returns the
    /// thread, or null where nothing is started (missing values marginalised, or a shape not worth warming).
    /// </summary>
    public abstract Thread? StartScoreWarmUp(CovarianceType type, int components);

    /// <summary>Mean (weighted, when weights are attached) variational score per point (scikit-learn's BayesianGaussianMixture.score).</summary>
    public abstract double Score(BayesianGaussianMixtureModel model);

    /// <summary>Per chunk: hard labels (n) or, with <paramref name="probabilities"/>, posteriors (n×k).</summary>
    public abstract IEnumerable<(int[]? Labels, double[]? Probabilities)> Predict(GaussianMixtureModel model, bool probabilities, int chunkRows);

    /// <summary>
    /// The anomaly threshold at <paramref name="contamination"/> over every point (weights ignored), on a backend of
    /// <paramref name="provider"/>: under <paramref name="posterior"/>'s scores when given, else <paramref name="model"/>'s log-density.
    /// </summary>
    public abstract double AnomalyThreshold(IEmBackendProvider provider, GaussianMixtureModel model, BayesianGaussianMixtureModel? posterior, double contamination);

    /// <summary>Per chunk: the points scoring strictly below <paramref name="threshold"/>, on a backend of <paramref name="provider"/>.</summary>
    public abstract IEnumerable<AnomalyChunk> FlagAnomalies(IEmBackendProvider provider, GaussianMixtureModel model, BayesianGaussianMixtureModel? posterior,
        double threshold, int chunkRows);
    /// <summary>Per chunk: the points (rows×d, float64) with their missing entries replaced by the model's conditional mean.</summary>
    public abstract IEnumerable<double[]> Impute(GaussianMixtureModel model, int chunkRows);

    /// <summary>All values as float64 (for small single-column files such as sample weights).</summary>
    public abstract double[] ReadAll();

    public abstract void Dispose();

    /// <summary>
    /// Bayesian and Akaike information criteria from one scoring pass, as scikit-learn's bic(X) and aic(X):
    /// −2·n·score + p·ln n and −2·n·score + 2p (score weighted when sample weights are attached).
    /// </summary>
    public (double Bic, double Aic) Criteria(GaussianMixtureModel model)
    {
        double deviance = -2 * Score(model) * Count;
        return (deviance + model.ParameterCount * Math.Log(Count), deviance + 2 * model.ParameterCount);
    }
}
