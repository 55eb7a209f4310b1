using System.Diagnostics;
using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The Gaussian-mixture estimator: scikit-learn's GaussianMixture semantics over any backend. Per initialisation it
/// builds the starting model and runs the one EM loop (<see cref="EmRun{T, TState}"/>) with the maximum-likelihood
/// M-step (<see cref="MaximumLikelihoodStep"/>; mclust's constrained <see cref="MclustStep"/> when
/// <see cref="GaussianMixtureOptions.Model"/> names one of its models) until the mean log-likelihood changes by less than the tolerance; it
/// restarts <see cref="GaussianMixtureOptions.InitializationCount"/> times and keeps the best lower bound.
/// </summary>
public sealed class GaussianMixture
{
    /// <summary>Creates an estimator.</summary>
    /// <param name="options">Settings; null for scikit-learn's defaults.</param>
    /// <param name="backend">Where statistics are computed; null for the CPU backend.</param>
    public GaussianMixture(GaussianMixtureOptions? options = null, IEmBackendProvider? backend = null)
    {
        Options = options ?? new GaussianMixtureOptions();
        Options.Validate();
        Backend = backend ?? CpuBackendProvider.Default;
    }

    /// <summary>The settings.</summary>
    public GaussianMixtureOptions Options { get; }

    /// <summary>The backend provider.</summary>
    public IEmBackendProvider Backend { get; }

    /// <summary>The model of the last successful fit (the start of the next one when <see cref="GaussianMixtureOptions.WarmStart"/>).</summary>
    public GaussianMixtureModel? Model { get; private set; }

    /// <summary>The lower bound of the last successful fit: a warm start's first iteration is compared with it (as in scikit-learn).</summary>
    private double _lastLowerBound = double.NegativeInfinity;

    /// <summary>Fits n×d row-major float32 data, with optional per-point sample weights (n, each ≥ 0).</summary>
    public FitResult Fit(float[] data, int dimension, float[]? sampleWeights = null, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(new InMemoryDataSource<float>(data, dimension, sampleWeights), progress, cancellationToken);
    }

    /// <summary>Fits n×d row-major float64 data, with optional per-point sample weights (n, each ≥ 0).</summary>
    public FitResult Fit(double[] data, int dimension, double[]? sampleWeights = null, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(new InMemoryDataSource<double>(data, dimension, sampleWeights), progress, cancellationToken);
    }

    /// <summary>
    /// Fits the points of <paramref name="data"/> (streamed chunk by chunk; never held as an n×k matrix). A source that
    /// stays where it is (<see cref="IResidentDataSource{T}"/>, in the fit's compute type) validates itself and is
    /// given to the backend as it is.
    /// </summary>
    /// <exception cref="ArgumentException">Empty data, NaN/Inf, bad weights, k &gt; n, or invalid starting parameters.</exception>
    public FitResult Fit<T>(IDataSource<T> data, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckModelSize(data.Dimension);
        var warmUp = (Backend as CpuBackendProvider)?.StartWarmUp(Options.CovarianceType, Options.ComponentCount, data.Dimension, Options.Precision); // compiles the kernel while the data is validated and the start is made
        if (Backend is CpuBackendProvider && RunsKMeans && data.Count >= CpuKernelWarmUp.KMeansPoints)
            CpuKernelWarmUp.StartKMeans(new CpuKernelWarmUp.Shape(Options.CovarianceType, Options.ComponentCount, data.Dimension, Options.Precision, CpuBackendProvider.RegisterBits, 1)); // and the k-means start's code
        var result = Options.Precision == ComputePrecision.Single
            ? Run(ValidateAndPrepare<T, float>(data), warmUp, progress, cancellationToken)
            : Run(ValidateAndPrepare<T, double>(data), warmUp, progress, cancellationToken);
        Model = result.Model;
        _lastLowerBound = result.LowerBound;
        return result;
    }


    /// <summary>Whether the next fit runs k-means (not a warm start, and not every starting parameter given).</summary>
    private bool RunsKMeans => Options.Initialization == InitializationMethod.KMeans && !(Options.WarmStart && Model is not null)
        && Options.InitialParameters is not { Weights: not null, Means: not null, Precisions: not null };

    /// <summary>Refuses, before any pass over the data, a model whose parameter arrays (means k×d, covariances by type) one .NET array cannot hold.</summary>
    private void CheckModelSize(int d)
    {
        double k = Options.ComponentCount, values = Math.Max(k * d, Options.CovarianceType switch
        {
            CovarianceType.Full => k * d * d,
            CovarianceType.Tied => (double)d * d,
            CovarianceType.Diagonal => k * d,
            _ => k,
        }); // CovarianceDefinition.CovarianceLength in float64: its int would wrap around here
        if (values > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(Options.ComponentCount), Options.ComponentCount,
                $"ComponentCount k = {Options.ComponentCount} with {d} features and {Options.CovarianceType} covariances needs parameter arrays of {values:G3} values, more than one array holds ({Array.MaxLength:G3}); use fewer components or features, or a diagonal or spherical covariance.");
    }

    /// <summary>
    /// k-means and k-means++ initialisation (and random-from-data's draw) run on a uniform sample of at most this many
    /// points; smaller data is used whole, as scikit-learn does.
    /// </summary>
    public const int InitializationSampleSize = DataSample.MaxPoints;

    /// <summary>
    /// The starting model of the first initialisation, built as <see cref="Fit{T}"/> builds it (scikit-learn's
    /// _initialize_parameters: the <see cref="GaussianMixtureOptions.Initialization"/> method's responsibilities, one
    /// maximum-likelihood M-step, then <see cref="GaussianMixtureOptions.InitialParameters"/>), with no EM iteration. It
    /// equals the start of a fit whose compute type is <typeparamref name="T"/>. Warnings of the initialisation are
    /// not reported here (a fit reports them).
    /// </summary>
    /// <param name="data">The points (n×d).</param>
    /// <param name="backend">
    /// A backend of this estimator's kind whose k-means device hook (<see cref="IKMeansDevice{T}"/>) runs k-means'
    /// nearest-centre searches, when it offers one (the same model either way); null: everything on the host.
    /// </param>
    /// <exception cref="ArgumentException">Empty data, NaN/Inf, bad weights, k &gt; n, or invalid starting parameters.</exception>
    public GaussianMixtureModel CreateStartingModel<T>(IDataSource<T> data, IEmBackend<T>? backend = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckModelSize(data.Dimension);
        Validate(data, inFloat32: false);
        CheckComponentCount(data.Count);
        var device = backend is IKMeansDevice<T> { InitializationOnDevice: true } kmeans ? kmeans : null;
        var entries = MissingEntriesOf(data);
        return Label(Initializer.StartingModel(entries is null ? data : new MeanImputedSource<T>(data, entries.FeatureMeans), Options, CreateStep(Options), new Random(Options.Seed),
            new MaximizationContext(new List<FitWarning>()), device));
    }

    /// <summary>
    /// The M-step of <paramref name="options"/>: scikit-learn's maximum likelihood for a plain covariance type and for
    /// mclust's VII, VVI, EEE and VVV (the same estimate, so a device M-step may run it), mclust's constrained M-step
    /// for the other ten models.
    /// </summary>
    private static MaximizationStep<GaussianMixtureModel> CreateStep(GaussianMixtureOptions options) =>
        options.Model is { } model && model != MclustModels.ForCovarianceType(options.CovarianceType)
            ? new MclustStep(model, options.RegularizationCovariance, options.MclustMStep)
            : new MaximumLikelihoodStep(options.RegularizationCovariance);

    /// <summary>k ≤ n, or an error naming ComponentCount.</summary>
    private void CheckComponentCount(long count)
    {
        if (Options.ComponentCount > count)
            throw new ArgumentOutOfRangeException(nameof(Options.ComponentCount), Options.ComponentCount,
                $"ComponentCount k = {Options.ComponentCount} exceeds the number of points n = {count}; use at most n components.");
    }

    /// <summary>
    /// One pass that rejects what EM cannot use; data that stays where it is (in the fit's compute type) validates
    /// itself there.
    /// </summary>
    private void Validate<T>(IDataSource<T> data, bool inFloat32) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data is not IResidentDataSource<T> resident)
        {
            ValidateInMemory(data, inFloat32);
            return;
        }
        if (Options.MissingValues == MissingValues.Marginalize)
            throw new ArgumentException("MissingValues = Marginalize needs the points on the host; data that stays where it is cannot hold missing values.", nameof(data));
        if (typeof(T) != (Options.Precision == ComputePrecision.Single ? typeof(float) : typeof(double)))
            throw new ArgumentException($"The data stays where it is in {typeof(T).Name}, but this fit computes in {(Options.Precision == ComputePrecision.Single ? "float32" : "float64")}; open it in the fit's compute type.", nameof(data));
        resident.Validate(nameof(data), inFloat32, kMeansStart: RunsKMeans);
    }

    /// <summary>Validation of data that the host reads: NaN is a missing value under <see cref="MissingValues.Marginalize"/>, an error otherwise.</summary>
    private void ValidateInMemory<T>(IDataSource<T> data, bool inFloat32) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Options.MissingValues == MissingValues.Marginalize)
            DataValidation.ValidateAllowingMissing(data, nameof(data), inFloat32: inFloat32, kMeansStart: RunsKMeans);
        else
            DataValidation.Validate(data, nameof(data), inFloat32: inFloat32, kMeansStart: RunsKMeans);
    }

    /// <summary>The missing entries of <paramref name="data"/> when the options marginalise them and some point has one; else null.</summary>
    private MissingEntries? MissingEntriesOf<T>(IDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        Options.MissingValues == MissingValues.Marginalize && MissingEntries.Scan(data, nameof(data)) is { IncompleteCount: > 0 } entries ? entries : null;

    /// <summary>
    /// <paramref name="data"/> checked (<see cref="Validate{T}"/>'s errors; float32 data too, since its squares must not
    /// overflow) and in the compute type <typeparamref name="TTo"/> (<see cref="ComputeTypeSource"/>): one pass over
    /// the points when they are converted into memory, the checks during the conversion. Then k ≤ n.
    /// </summary>
    private IDataSource<TTo> ValidateAndPrepare<T, TTo>(IDataSource<T> data)
        where T : unmanaged, IFloatingPointIeee754<T> where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        bool inFloat32 = Options.Precision == ComputePrecision.Single;
        ChunkValidation? validation = null;
        if (data is IResidentDataSource<T>) Validate(data, inFloat32);
        else validation = new ChunkValidation(data.Count, data.Dimension, nameof(data), -1, inFloat32, RunsKMeans, Options.MissingValues == MissingValues.Marginalize);
        var prepared = ComputeTypeSource.Prepare<T, TTo>(data, Options.InMemoryLimitBytes, validation);
        CheckComponentCount(data.Count);
        return prepared;
    }

    /// <summary>The mixture labelled with the options' mclust model, when they name one.</summary>
    private GaussianMixtureModel Label(GaussianMixtureModel model) =>
        Options.Model is { } name && model.MclustModel != name ? model.WithMclustModel(name) : model;

    private FitResult Run<T>(IDataSource<T> data, Task<bool>? warmUp, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var backend = Backend.Create<T>();
        return Run(data, backend, warmUp, progress, cancellationToken);
    }

    /// <summary>
    /// Fits data already in the compute type <typeparamref name="T"/> on a backend the caller owns and keeps: a model
    /// selection runs its whole grid on one backend, so a device keeps the points it uploaded for every fit of the same
    /// source. Validates as <see cref="Fit{T}"/> does.
    /// </summary>
    internal FitResult FitOn<T>(IDataSource<T> data, IEmBackend<T> backend, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(backend);
        if ((Options.Precision == ComputePrecision.Single) != (typeof(T) == typeof(float)))
            throw new ArgumentException($"The backend computes in {typeof(T).Name}, but Precision is {Options.Precision}.", nameof(backend));
        CheckModelSize(data.Dimension);
        ValidateInMemory(data, inFloat32: typeof(T) == typeof(float));
        CheckComponentCount(data.Count);
        var result = Run(data, backend, null, progress, cancellationToken);
        Model = result.Model;
        _lastLowerBound = result.LowerBound;
        return result;
    }

    /// <summary>
    /// The restarts and the kept run. <paramref name="warmUp"/>: the kernel warm-up <see cref="Fit{T}"/> started (null
    /// when none), which each initialisation waits for before its first iteration (<see cref="FirstIteration.Ready"/>).
    /// </summary>
    private FitResult Run<T>(IDataSource<T> data, IEmBackend<T> backend, Task<bool>? warmUp, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        var options = Options;
        var warm = options.WarmStart ? Model : null;
        if (warm is not null && (warm.Dimension != data.Dimension || warm.ComponentCount != options.ComponentCount || warm.CovarianceType != options.CovarianceType))
            throw new ArgumentException(warm.ComponentCount < options.ComponentCount && warm.Dimension == data.Dimension && warm.CovarianceType == options.CovarianceType
                ? $"WarmStart: the previous fit dropped empty components and has {warm.ComponentCount}, not {options.ComponentCount}; set ComponentCount = {warm.ComponentCount} to continue from it, or turn WarmStart off."
                : $"WarmStart: the previous model ({warm.ComponentCount} components, {warm.Dimension} features, {warm.CovarianceType}) does not match this fit ({options.ComponentCount} components, {data.Dimension} features, {options.CovarianceType}).", nameof(data));
        if (options.InitialParameters?.Means is { } givenMeans && givenMeans.Count != options.ComponentCount * data.Dimension)
            throw new ArgumentException($"InitialParameters.Means must hold k×d = {options.ComponentCount}×{data.Dimension} values; got {givenMeans.Count}.", nameof(data));

        var random = new Random(options.Seed);
        var warnings = new List<FitWarning>();
        var step = CreateStep(options);
        var device = backend is IKMeansDevice<T> { InitializationOnDevice: true } kmeans ? kmeans : null;
        // Missing values: initialisation sees them as their feature's mean; EM marginalises them (the points with one
        // on the host, the others on the backend).
        var entries = MissingEntriesOf(data);
        var startData = entries is null ? data : new MeanImputedSource<T>(data, entries.FeatureMeans);
        using var missingBackend = entries is null ? null : new MissingValueBackend<T>(backend, data, entries);
        var emBackend = (IEmBackend<T>?)missingBackend ?? backend;
        int restarts = warm is null ? options.InitializationCount : 1;
        (GaussianMixtureModel Model, bool Converged, int Iterations, double LowerBound, IReadOnlyList<double> History, int Init)? best = null;
        for (int init = 0; init < restarts; init++)
        {
            var start = warm ?? Initializer.StartingModel(startData, options, step, random, new MaximizationContext(warnings, init), device);
            FirstIteration.Ready(backend, start, warmUp, cancellationToken);
            var run = new EmRun<T, GaussianMixtureModel>(emBackend, data, step, start, warnings, init);
            run.Run(options.MaxIterations, options.Tolerance, warm is null ? double.NegativeInfinity : _lastLowerBound, progress, cancellationToken);
            if (options.Precision == ComputePrecision.Single && run.Iterations > 0)
                TiedPrecision.Check(run.State, warnings, init, run.Iterations);
            if (best is null || run.LowerBound > best.Value.LowerBound)
                best = (run.State, run.Converged, run.Iterations, run.LowerBound, run.LowerBoundHistory, init);
        }
        var b = best!.Value;
        return new FitResult(Label(b.Model), b.Converged, b.Iterations, b.LowerBound, b.History, warnings.AsReadOnly(), b.Init, emBackend.Description, clock.Elapsed);
    }
}
