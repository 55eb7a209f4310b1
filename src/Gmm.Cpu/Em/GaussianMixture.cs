using System.Diagnostics;
using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The Gaussian-mixture estimator: scikit-learn's GaussianMixture semantics over any backend. This class holds the
/// one EM loop every backend shares: initialise, then per iteration one backend pass (E-step and statistics) and
/// one <see cref="MStep"/> (on the host, or where a device keeps the statistics: <see cref="IEmStepper{T}"/>), stopping when the mean log-likelihood changes by less than the tolerance; restarts
/// <see cref="GaussianMixtureOptions.InitializationCount"/> times and keeps the best lower bound.
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

    /// <summary>Fits the points of <paramref name="data"/> (streamed chunk by chunk; never held as an n×k matrix).</summary>
    /// <exception cref="ArgumentException">Empty data, NaN/Inf, bad weights, k &gt; n, or invalid starting parameters.</exception>
    public FitResult Fit<T>(IDataSource<T> data, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckModelSize(data.Dimension);
        DataValidation.Validate(data, nameof(data), inFloat32: Options.Precision == ComputePrecision.Single, kMeansStart: RunsKMeans);
        if (Options.ComponentCount > data.Count)
            throw new ArgumentOutOfRangeException(nameof(Options.ComponentCount), Options.ComponentCount,
                $"ComponentCount k = {Options.ComponentCount} exceeds the number of points n = {data.Count}; use at most n components.");
        var result = Options.Precision == ComputePrecision.Single
            ? Run(Prepare<T, float>(data), progress, cancellationToken)
            : Run(Prepare<T, double>(data), progress, cancellationToken);
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
        });
        if (values > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(Options.ComponentCount), Options.ComponentCount,
                $"ComponentCount k = {Options.ComponentCount} with {d} features and {Options.CovarianceType} covariances needs parameter arrays of {values:G3} values, more than one array holds ({Array.MaxLength:G3}); use fewer components or features, or a diagonal or spherical covariance.");
    }

    /// <summary>The data in the compute type: as it is, converted once into memory when it fits the limit, or converted per chunk.</summary>
    private IDataSource<TTo> Prepare<TFrom, TTo>(IDataSource<TFrom> data)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom> where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (data is InMemoryDataSource<TTo> ready) return ready;
        var converted = data as IDataSource<TTo> ?? new ConvertingDataSource<TFrom, TTo>(data);
        long values = data.Count * data.Dimension;
        if (values > Array.MaxLength || values * System.Runtime.CompilerServices.Unsafe.SizeOf<TTo>() > Options.InMemoryLimitBytes)
            return converted;
        var buffer = new TTo[values];
        var weights = data.HasWeights ? new TTo[data.Count] : null;
        foreach (var chunk in converted.GetChunks(1 << 16))
        {
            chunk.Values.Span.CopyTo(buffer.AsSpan((int)(chunk.Start * data.Dimension)));
            if (weights is not null) chunk.Weights.Span.CopyTo(weights.AsSpan((int)chunk.Start));
        }
        return new InMemoryDataSource<TTo>(buffer, data.Dimension, weights);
    }

    private FitResult Run<T>(IDataSource<T> data, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
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
        using var backend = Backend.Create<T>();
        var stepper = HostStepper<T>.For(backend);
        var device = backend is IKMeansDevice<T> { InitializationOnDevice: true } kmeans ? kmeans : null;
        int restarts = warm is null ? options.InitializationCount : 1;
        (GaussianMixtureModel Model, bool Converged, int Iterations, double LowerBound, List<double> History, int Init)? best = null;
        for (int init = 0; init < restarts; init++)
        {
            stepper.Start(warm ?? Initializer.Initialize(data, options, random, warnings, init, device), data);
            var history = new List<double>();
            double lowerBound = warm is null ? double.NegativeInfinity : _lastLowerBound;
            bool converged = false;
            int iteration = 0;
            while (iteration < options.MaxIterations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = clock.Elapsed;
                iteration++;
                var (logLikelihood, weightSum) = stepper.Step(options.RegularizationCovariance,
                    stats => MStep.Apply(stats, options.RegularizationCovariance, warnings, init, iteration));
                double previous = lowerBound;
                lowerBound = logLikelihood / weightSum;
                if (double.IsNaN(lowerBound))
                    throw new InvalidOperationException($"The log-likelihood became NaN at iteration {iteration}; increase RegularizationCovariance.");
                history.Add(lowerBound);
                double change = lowerBound - previous;
                progress?.Report(new IterationReport(init, iteration, lowerBound, double.IsInfinity(previous) ? double.NaN : change, clock.Elapsed - started));
                if (Math.Abs(change) < options.Tolerance) { converged = true; break; }
            }
            if (!converged && options.MaxIterations > 0)
                warnings.Add(new FitWarning(FitWarningKind.NotConverged, init, iteration, -1,
                    $"Initialisation {init} did not converge in {options.MaxIterations} iterations (last change of the lower bound above tolerance {options.Tolerance:G3}); increase MaxIterations or Tolerance, or check the data."));
            if (options.Precision == ComputePrecision.Single && iteration > 0)
                TiedPrecision.Check(stepper.Model, warnings, init, iteration);
            if (best is null || lowerBound > best.Value.LowerBound)
                best = (stepper.Model, converged, iteration, lowerBound, history, init);
        }
        var b = best!.Value;
        return new FitResult(b.Model, b.Converged, b.Iterations, b.LowerBound, b.History.AsReadOnly(), warnings.AsReadOnly(), b.Init, backend.Description, clock.Elapsed);
    }
}
