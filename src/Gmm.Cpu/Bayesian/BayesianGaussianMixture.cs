using System.Diagnostics;
using System.Numerics;
using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// The variational Bayesian Gaussian-mixture estimator: scikit-learn's BayesianGaussianMixture semantics over any
/// backend. It sets the priors (given, or from one streamed pass over the data), then per initialisation builds the
/// starting posterior (one variational M-step on the starting responsibilities) and runs the one EM loop
/// (<see cref="EmRun{T, TState}"/>) with the variational M-step until the lower bound changes by less than the
/// tolerance; it restarts <see cref="BayesianGaussianMixtureOptions.InitializationCount"/> times and keeps the best
/// lower bound. The backends run their ordinary Gaussian E-step (see <see cref="BayesianGaussianMixtureModel"/>).
/// </summary>
public sealed class BayesianGaussianMixture
{
    /// <summary>Creates an estimator.</summary>
    /// <param name="options">Settings; null for scikit-learn's defaults.</param>
    /// <param name="backend">Where statistics are computed; null for the CPU backend.</param>
    /// <exception cref="ArgumentException">An invalid setting (the message names it).</exception>
    public BayesianGaussianMixture(BayesianGaussianMixtureOptions? options = null, IEmBackendProvider? backend = null)
    {
        Options = options ?? new BayesianGaussianMixtureOptions();
        Options.Validate();
        Backend = backend ?? CpuBackendProvider.Default;
    }

    /// <summary>The settings.</summary>
    public BayesianGaussianMixtureOptions Options { get; }

    /// <summary>The backend provider.</summary>
    public IEmBackendProvider Backend { get; }

    /// <summary>The posterior of the last successful fit (the start of the next one when <see cref="BayesianGaussianMixtureOptions.WarmStart"/>).</summary>
    public BayesianGaussianMixtureModel? Model { get; private set; }

    /// <summary>The lower bound of the last successful fit: a warm start's first iteration is compared with it (as in scikit-learn).</summary>
    private double _lastLowerBound = double.NegativeInfinity;

    /// <summary>Fits n×d row-major float32 data, with optional per-point sample weights (n, each ≥ 0; integer weights act as repeated points).</summary>
    public BayesianFitResult Fit(float[] data, int dimension, float[]? sampleWeights = null, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(new InMemoryDataSource<float>(data, dimension, sampleWeights), progress, cancellationToken);
    }

    /// <summary>Fits n×d row-major float64 data, with optional per-point sample weights (n, each ≥ 0; integer weights act as repeated points).</summary>
    public BayesianFitResult Fit(double[] data, int dimension, double[]? sampleWeights = null, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(new InMemoryDataSource<double>(data, dimension, sampleWeights), progress, cancellationToken);
    }

    /// <summary>
    /// Fits the points of <paramref name="data"/> (streamed chunk by chunk; never held as an n×k matrix). A source that
    /// stays where it is (<see cref="IResidentDataSource{T}"/>, in the fit's compute type) validates itself, gives the
    /// priors' data mean and covariance through the backend's statistics, and is given to the backend as it is.
    /// </summary>
    /// <exception cref="ArgumentException">Empty data, NaN/Inf, bad weights, k &gt; n, priors of the wrong shape or value, or a starting posterior that does not fit the data.</exception>
    public BayesianFitResult Fit<T>(IDataSource<T> data, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = Stopwatch.StartNew();
        var options = Options;
        var warmUp = (Backend as CpuBackendProvider)?.StartWarmUp(options.CovarianceType, options.ComponentCount, data.Dimension, options.Precision, variational: true); // compiles the kernel and the iteration while the data is validated and the start is made
        bool single = options.Precision == ComputePrecision.Single;
        long limit = options.InMemoryLimitBytes;
        BayesianFitResult result;
        if (data is IResidentDataSource<T> resident)
        {
            ValidateResident(resident);
            CheckCountAndStart(data);
            // Priors on the fit's backend, in Run. A float32 fit finishes (Run) on the data's float64 view where it has
            // one: its points stay where they are in float32 and are widened there, chunk by chunk.
            result = single
                ? Run(ComputeTypeSource.Prepare<T, float>(data, limit), null, warmUp, clock, progress, cancellationToken,
                    data is IResidentFloat64View view ? view.AsFloat64 : null)
                : Run(ComputeTypeSource.Prepare<T, double>(data, limit), null, warmUp, clock, progress, cancellationToken, null);
        }
        else
        {
            // One pass reads and checks the points into the memory the fit keeps (ComputeTypeSource); the priors' data
            // moments and the float32 copy then come from that memory rather than from more passes over the source.
            var validation = new ChunkValidation(data.Count, data.Dimension, nameof(data), -1, inFloat32: single && typeof(T) != typeof(float), kMeansStart: false);
            if (!single || (typeof(T) != typeof(float) && options.Tolerance > 0))
            {
                // float64: the compute type, or what a float32 fit that may finish in float64 finishes on (Run): held
                // from the start, so that the finish uses the points read here instead of reading and copying them again.
                var wide = ComputeTypeSource.Prepare<T, double>(data, limit, validation);
                CheckCountAndStart(data);
                var priors = Priors(wide, backend: null);
                result = single
                    ? Run(ComputeTypeSource.Prepare<double, float>(wide, limit), priors, warmUp, clock, progress, cancellationToken, () => wide)
                    : Run(wide, priors, warmUp, clock, progress, cancellationToken, null);
            }
            else
            {
                // float32 points (held as they are, widened at a handover), or tol 0 (no finish: no float64 copy to keep).
                var narrow = ComputeTypeSource.Prepare<T, float>(data, limit, validation);
                CheckCountAndStart(data);
                var priors = typeof(T) == typeof(float) ? Priors(narrow, backend: null) : Priors(data, backend: null);
                result = Run(narrow, priors, warmUp, clock, progress, cancellationToken,
                    options.Tolerance > 0 ? () => ComputeTypeSource.Prepare<float, double>(narrow, limit) : null);
            }
        }
        Model = result.Model;
        _lastLowerBound = result.LowerBound;
        return result;
    }

    /// <summary>Refuses k &gt; n and a starting posterior whose dimension is not the data's.</summary>
    private void CheckCountAndStart<T>(IDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = Options;
        if (options.ComponentCount > data.Count)
            throw new ArgumentOutOfRangeException(nameof(options.ComponentCount), options.ComponentCount,
                $"ComponentCount k = {options.ComponentCount} exceeds the number of points n = {data.Count}; use at most n components.");
        var start = options.WarmStart && Model is not null ? Model : options.InitialModel;
        if (start is not null && start.Dimension != data.Dimension)
            throw new ArgumentException($"The starting posterior has {start.Dimension} features but the data has {data.Dimension}.", nameof(data));
    }

    /// <summary>Data that stays where it is validates itself there, in the fit's compute type.</summary>
    private void ValidateResident<T>(IResidentDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool single = Options.Precision == ComputePrecision.Single;
        if (typeof(T) != (single ? typeof(float) : typeof(double)))
            throw new ArgumentException($"The data stays where it is in {typeof(T).Name}, but this fit computes in {(single ? "float32" : "float64")}; open it in the fit's compute type.", nameof(data));
        data.Validate(nameof(data), inFloat32: single, kMeansStart: false); // its points were float64 where they are, as a local fit's of the same files
    }

    /// <summary>The priors of the options, what they leave out taken from <paramref name="data"/>.</summary>
    private BayesianPriors Priors<T>(IDataSource<T> data, IEmBackend<T>? backend) where T : unmanaged, IFloatingPointIeee754<T> =>
        BayesianPriors.Resolve(data, Options.ComponentCount, Options.CovarianceType, Options.WeightConcentrationPrior,
            Options.MeanPrecisionPrior, Options.MeanPrior, Options.DegreesOfFreedomPrior, Options.CovariancePrior, backend);

    /// <summary>
    /// The fit on <paramref name="data"/> in compute type <typeparamref name="T"/>. With <paramref name="finishData"/>
    /// (a float32 fit), an initialisation whose float32 bound cannot tell its change from the tolerance
    /// (<see cref="EmRun{T, TState}.StoppedAtResolution"/>: scikit-learn's bound is a sum over the points, which float32
    /// log-densities round by up to about 2⁻²⁴ × the sum of their magnitudes, 10⁻² to 10⁻¹ nats at 10⁵ points, more than
    /// tol = 10⁻³) continues from its
    /// posterior in float64 on those points, on a float64 backend of the same provider, until the change is under the
    /// tolerance or MaxIterations is reached — a check that hands a certified rise back to float32 (<see cref="Float64Finish.Run"/>):
    /// the float32 E-step does the bulk of the iterations and float64 decides
    /// convergence, as a float64 fit would (docs/architecture.md, "Convergence of a float32 variational fit").
    /// <paramref name="warmUp"/>: the kernel warm-up <see cref="Fit{T}"/> started (null when none), which each
    /// initialisation waits for before its first iteration (<see cref="FirstIteration.Ready"/>), as the finish waits for its own.
    /// </summary>
    private BayesianFitResult Run<T>(IDataSource<T> data, BayesianPriors? priors, Task<bool>? warmUp, Stopwatch clock, IProgress<IterationReport>? progress,
        CancellationToken cancellationToken, Func<IDataSource<double>>? finishData)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = Options;
        var warm = options.WarmStart ? Model : null;
        var start = warm ?? options.InitialModel;
        var random = new Random(options.Seed);
        var warnings = new List<FitWarning>();
        using var backend = Backend.Create<T>();
        priors ??= Priors(data, backend);
        var step = new VariationalStep(priors, options.WeightConcentrationPriorType, options.RegularizationCovariance);
        var device = backend is IKMeansDevice<T> { InitializationOnDevice: true } kmeans ? kmeans : null;
        int restarts = start is null ? options.InitializationCount : 1;
        var finisher = new Float64Finish(Backend, finishData);
        try
        {
            (VariationalRunOutcome Outcome, int Init)? best = null;
            for (int init = 0; init < restarts; init++)
            {
                var state = start ?? Initializer.Initialize(data, options.ComponentCount, options.CovarianceType, options.Initialization, step,
                    random, new MaximizationContext(warnings, init), device);
                if (finishData is not null) finisher.StartEarly(data, options);
                FirstIteration.Ready(backend, step.ExpectationModel(state), warmUp, cancellationToken);
                var run = new EmRun<T, BayesianGaussianMixtureModel>(backend, data, step, state, warnings, init);
                run.Run(options.MaxIterations, options.Tolerance, warm is null ? double.NegativeInfinity : _lastLowerBound,
                    finishData is null ? progress : finisher.Anticipate(run, options, data.Dimension, progress), cancellationToken,
                    stopAtResolution: finishData is not null);
                var outcome = run.StoppedAtResolution
                    ? finisher.Run(step, run, backend, data, options, warnings, progress, cancellationToken)
                    : new VariationalRunOutcome(run.State, run.Converged, run.Iterations, run.LowerBound, run.LowerBoundHistory);
                if (options.Precision == ComputePrecision.Single && outcome.Iterations > 0)
                    TiedPrecision.Check(outcome.State.PointEstimate, warnings, init, outcome.Iterations);
                if (best is null || outcome.LowerBound > best.Value.Outcome.LowerBound) best = (outcome, init);
            }
            var (kept, keptInit) = best!.Value;
            return new BayesianFitResult(kept.State, priors, kept.Converged, kept.Iterations, kept.LowerBound, kept.History,
                warnings.AsReadOnly(), keptInit, backend.Description, clock.Elapsed);
        }
        finally
        {
            finisher.Dispose();
        }
    }
}
