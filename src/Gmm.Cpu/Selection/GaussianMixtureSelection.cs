using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// Model selection over mclust's covariance models × component counts, as R's <c>Mclust(X)</c>: every
/// (model, K) of <see cref="SelectionOptions"/> is fitted by the one EM loop on the chosen backend, ranked by BIC, ICL,
/// AIC (mclust's "higher is better" convention) or k-fold held-out log-likelihood, and the table, the best cell and its
/// fit are returned. The grid runs on one backend whose data stays resident: on a GPU the points are uploaded once for
/// the whole grid (for cross-validation once per fold, plus once per fold for its held-out points).
/// <para>
/// With <see cref="GaussianMixtureOptions.MissingValues"/> = <see cref="MissingValues.Marginalize"/> a NaN is a missing
/// entry throughout, as in <see cref="GaussianMixture"/>: every fit is the observed-data EM, BIC and AIC take the
/// observed-data log-likelihood Σ w log p(x_o) (p and n as for complete data), ICL the posteriors of the observed
/// coordinates, and cross-validation scores each held-out point by the marginal density of its observed coordinates.
/// </para>
/// </summary>
public sealed class GaussianMixtureSelection
{
    /// <summary>Creates a selection.</summary>
    /// <param name="options">
    /// Settings of every fit (tolerance, reg_covar, initialisation, seed, precision, ...); ComponentCount, CovarianceType
    /// and Model are replaced by each cell's. Null for scikit-learn's defaults.
    /// </param>
    /// <param name="backend">Where every fit runs; null for the CPU backend.</param>
    public GaussianMixtureSelection(GaussianMixtureOptions? options = null, IEmBackendProvider? backend = null)
    {
        Options = (options ?? new GaussianMixtureOptions()) with { Model = null, ComponentCount = 1, WarmStart = false };
        Options.Validate();
        Backend = backend ?? CpuBackendProvider.Default;
    }

    /// <summary>The settings of every fit.</summary>
    public GaussianMixtureOptions Options { get; }

    /// <summary>The backend provider.</summary>
    public IEmBackendProvider Backend { get; }

    /// <summary>Selects over n×d row-major float32 <paramref name="data"/> (with optional sample weights, n).</summary>
    public SelectionResult Select(float[] data, int dimension, SelectionOptions? selection = null, float[]? sampleWeights = null,
        IProgress<SelectionEntry>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Select(new InMemoryDataSource<float>(data, dimension, sampleWeights), selection, progress, cancellationToken);
    }

    /// <summary>Selects over n×d row-major float64 <paramref name="data"/> (with optional sample weights, n).</summary>
    public SelectionResult Select(double[] data, int dimension, SelectionOptions? selection = null, double[]? sampleWeights = null,
        IProgress<SelectionEntry>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Select(new InMemoryDataSource<double>(data, dimension, sampleWeights), selection, progress, cancellationToken);
    }

    /// <summary>
    /// Fits every cell of <paramref name="selection"/> (default: all 14 models × K = 1..9 by BIC) to
    /// <paramref name="data"/> and returns the table and the best. A cell that cannot be fitted (K larger than the
    /// points, every component emptied, ...) is kept in the table with its reason and value NaN; <paramref name="progress"/>
    /// hears of each cell as it is done.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid selection options, or data that no fit accepts (empty, NaN under <see cref="MissingValues.Reject"/>, ±∞, a point or a feature with every value missing, bad weights).</exception>
    /// <exception cref="InvalidOperationException">No cell could be fitted.</exception>
    public SelectionResult Select<T>(IDataSource<T> data, SelectionOptions? selection = null,
        IProgress<SelectionEntry>? progress = null, CancellationToken cancellationToken = default) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        selection ??= new SelectionOptions();
        selection.Validate();
        bool inFloat32 = Options.Precision == ComputePrecision.Single && typeof(T) != typeof(float);
        if (Options.MissingValues == MissingValues.Marginalize)
        {
            DataValidation.ValidateAllowingMissing(data, nameof(data), inFloat32: inFloat32);
            MissingEntries.Scan(data, nameof(data)); // a feature missing everywhere fails the selection, not each cell
        }
        else
        {
            DataValidation.Validate(data, nameof(data), inFloat32: inFloat32);
        }
        return Options.Precision == ComputePrecision.Single
            ? Run(ComputeTypeSource.Prepare<T, float>(data, Options.InMemoryLimitBytes), selection, progress, cancellationToken)
            : Run(ComputeTypeSource.Prepare<T, double>(data, Options.InMemoryLimitBytes), selection, progress, cancellationToken);
    }

    private SelectionResult Run<T>(IDataSource<T> data, SelectionOptions selection, IProgress<SelectionEntry>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var fitter = new BackendSelectionFitter<T>(Options, Backend);
        return SelectionGrid.Run(data, selection, fitter, progress, cancellationToken);
    }
}
