using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;

namespace Gmm.Cpu;

/// <summary>
/// Compiles the CPU kernel of a fit before the fit needs it: on a background thread, the backend the fit will create
/// (<see cref="CpuEmBackend{T}"/> of the same float type, register width, lane count, covariance type, k and d, so the
/// same kernel instantiation, the same k- and d-dependent loops and its own lane threads, <see cref="LaneDispatch"/>) runs
/// one EM iteration of a few synthetic points (<see cref="WarmUpProblem"/>), through the EM loop and an M-step.
/// The kernels are <c>[AggressiveOptimization]</c>: compiled fully optimised on their first call, which ReadyToRun
/// cannot do ahead of time, so without this the first EM iteration waits for that compilation (docs/architecture.md,
/// "CPU kernels: compiled while the data is read"). Started as soon as the shape is known (the tool: after reading the
/// file's header; the library: when a fit begins), the compilation overlaps reading, validating and initialising; the
/// CPU time is the same, spent earlier. Nothing is shared with the fit (its own kernel, lanes, model and points): a
/// fit that starts first simply waits for a method the warm-up is compiling, and a warm-up that fails only leaves the
/// compilation to the fit's first iteration.
/// </summary>
internal static class CpuKernelWarmUp
{
    /// <summary>Synthetic points per lane: one whole tile and a partial one (rows that are not a multiple of the row block).</summary>
    internal const int RowsPerLane = CpuEmBackend<float>.TileRows + SimdKernel<float, Simd128<float>>.RowBlock + 1;

    /// <summary>
    /// Largest model a warm-up builds, in covariance values × d (the order of the cost of its Cholesky factors): past it,
    /// an iteration costs far more than compiling its kernel, and building the synthetic model would cost more than it saves.
    /// </summary>
    internal const long MaximumModelCost = 1L << 24;

    /// <summary>
    /// Shapes warmed up in this process (by <see cref="Shape.Key"/>), so that the tool's and the library's requests for
    /// one fit start one warm-up. String keys: the runtime's precompiled code serves them, where a dictionary over the
    /// shape itself would be JIT-compiled in every process, on the thread that starts the fit.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Task<bool>> Started = new();

    /// <summary>Remembered shapes at most; past it the record starts over (a shape warmed twice costs a few synthetic points).</summary>
    private const int RememberedShapes = 256;

    /// <summary>
    /// What selects a kernel and its loops: the covariance type, k, d, float32 or float64, the register width in bits;
    /// and the backend's lanes (worker threads).
    /// </summary>
    internal readonly record struct Shape(CovarianceType CovarianceType, int Components, int Dimension, ComputePrecision Precision, int RegisterBits, int Lanes)
    {
        /// <summary>The shape as a dictionary key.</summary>
        public string Key => string.Create(CultureInfo.InvariantCulture, $"{(int)CovarianceType}/{Components}/{Dimension}/{(int)Precision}/{RegisterBits}/{Lanes}");

        /// <summary>Whether a warm-up of this shape is worth starting (a valid shape, a model small enough to build at once).</summary>
        public bool IsWorthWarming =>
            Enum.IsDefined(CovarianceType) && Enum.IsDefined(Precision) && Components >= 1 && Dimension >= 1 && Lanes >= 1 && SimdWidth.IsAccelerated(RegisterBits)
            && (double)Components * Dimension * Dimension <= int.MaxValue // no covariance length (at most k·d²) wraps around
            && (long)CovarianceDefinition.For(CovarianceType).CovarianceLength(Components, Dimension) * Dimension <= MaximumModelCost
            && (long)Components * Dimension <= MaximumModelCost;
    }

    /// <summary>
    /// Starts the warm-up of <paramref name="shape"/> unless this process has started it already; returns its task,
    /// which completes with true when the kernel ran, false when the shape is not worth warming or the warm-up failed,
    /// and never faults. <paramref name="variational"/>: the iteration runs the variational M-step instead of the
    /// maximum-likelihood one (a warm-up of its own); <paramref name="minimalVariants"/>: a variational warm-up of the
    /// kernel of one form per step (<see cref="CpuKernel{T}.UseMinimalVariants"/>, the float64 finish's; a warm-up of its own;
    /// only with <paramref name="variational"/>).
    /// </summary>
    public static Task<bool> Start(Shape shape, bool variational = false, bool minimalVariants = false)
    {
        if (minimalVariants && !variational)
            throw new ArgumentException("The kernel of one form per step is warmed up for a variational fit only.", nameof(minimalVariants));
        if (!shape.IsWorthWarming) return Task.FromResult(false);
        string key = variational ? shape.Key + "/variational" : shape.Key;
        if (minimalVariants) key += "/minimal";
        if (Started.TryGetValue(key, out var running)) return running;
        if (Started.Count >= RememberedShapes) Started.Clear();
        return Started.GetOrAdd(key, _ => Launch(shape, minimalVariants ? RunMinimalVariationalOnSyntheticPoints
            : variational ? RunVariationalOnSyntheticPoints : RunOnSyntheticPoints));
    }

    /// <summary>
    /// Starts the warm-up of the k-means start of <paramref name="shape"/>'s fits (<see cref="RunKMeansOnSyntheticPoints"/>)
    /// unless this process has started one for the shape's float type and register width already (k-means' code does
    /// not depend on k, d or the covariance type, so one warm-up compiles it for every fit; the M-step of the start is
    /// compiled for the first fit's covariance type only — later types compile theirs on first use); returns its task, as
    /// <see cref="Start"/>. Not started for k above <see cref="MaximumKMeansComponents"/> or k·d above
    /// <see cref="MaximumKMeansValues"/>, where the synthetic k-means would cost more than the compilation it moves.
    /// </summary>
    public static Task<bool> StartKMeans(Shape shape)
    {
        if (!shape.IsWorthWarming || shape.Components > MaximumKMeansComponents || (long)shape.Components * shape.Dimension > MaximumKMeansValues)
            return Task.FromResult(false);
        string key = string.Create(CultureInfo.InvariantCulture, $"kmeans/{(int)shape.Precision}/{shape.RegisterBits}");
        if (Started.TryGetValue(key, out var running)) return running;
        if (Started.Count >= RememberedShapes) Started.Clear();
        return Started.GetOrAdd(key, _ => Launch(shape, RunKMeansOnSyntheticPoints));
    }

    /// <summary>Largest k whose k-means start is warmed up (the synthetic sample has <see cref="KMeansPoints"/> points, at least 2k).</summary>
    internal const int MaximumKMeansComponents = KMeansPoints / 2;

    /// <summary>Largest k·d whose k-means start is warmed up.</summary>
    internal const long MaximumKMeansValues = 1 << 16;

    /// <summary>Synthetic points of the k-means warm-up: two of k-means' fixed blocks of points.</summary>
    internal const int KMeansPoints = 2 * PointPanels.BlockPoints;

    /// <summary>
    /// The k-means warm-up: <see cref="Initializer"/>'s k-means start (the sample's draw, k-means++, Lloyd's iterations
    /// with their bounds, the labelling pass, the M-step's start) of <see cref="KMeansPoints"/> synthetic points
    /// (<see cref="WarmUpProblem"/>) in the shape's float type. Its loops are <c>[AggressiveOptimization]</c> and its
    /// code generic over the float type is not in the tool's ReadyToRun images, so without this the fit's own thread
    /// compiles all of it when its start begins (docs/benchmarks.md, "The default fit, whole process").
    /// </summary>
    internal static void RunKMeansOnSyntheticPoints(Shape shape)
    {
        if (shape.Precision == ComputePrecision.Single) RunKMeansOnSyntheticPoints<float>(shape);
        else RunKMeansOnSyntheticPoints<double>(shape);
    }

    /// <summary>The k-means warm-up in float type <typeparamref name="T"/>; returns the starting model it made.</summary>
    internal static GaussianMixtureModel RunKMeansOnSyntheticPoints<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = shape.Components, d = shape.Dimension;
        var data = new InMemoryDataSource<T>(WarmUpProblem.Points<T>(KMeansPoints, k, d), d);
        return Initializer.Initialize(data, k, shape.CovarianceType, InitializationMethod.KMeans, new MaximumLikelihoodStep(RegularizationCovariance),
            new Random(0), new MaximizationContext(new List<FitWarning>(), 0));
    }

    /// <summary>
    /// Runs <paramref name="warmUp"/> for <paramref name="shape"/> on a background thread of its own (not the thread
    /// pool, whose threads k-means' loops use). Its exceptions are caught: the task then completes with false.
    /// </summary>
    internal static Task<bool> Launch(Shape shape, Action<Shape> warmUp)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                warmUp(shape);
                done.SetResult(true);
            }
            catch (Exception)
            {
                // Nothing to report: the fit compiles the kernel on its first call instead, as without a warm-up.
                done.SetResult(false);
            }
        })
        {
            IsBackground = true,
            Name = "gmm CPU kernel warm-up",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// The warm-up itself: one EM iteration of the synthetic fit (<see cref="WarmUpProblem"/>, <see cref="RowsPerLane"/>
    /// points per lane) on the backend the fit will use, through the EM loop (<see cref="EmRun{T, TState}"/>) and the
    /// maximum-likelihood M-step.
    /// </summary>
    internal static void RunOnSyntheticPoints(Shape shape)
    {
        if (shape.Precision == ComputePrecision.Single) RunOnSyntheticPoints<float>(shape);
        else RunOnSyntheticPoints<double>(shape);
    }

    /// <summary>
    /// The warm-up in float type <typeparamref name="T"/>; returns the type of the kernel it ran. Besides the kernel, the
    /// iteration compiles the loop's own generic code over <typeparamref name="T"/> (shared by every fit whose state is a
    /// class: maximum likelihood and variational), which the tool's ReadyToRun images do not hold, and makes the
    /// M-step's first calls (docs/architecture.md, "What else iteration 1 paid").
    /// </summary>
    internal static Type? RunOnSyntheticPoints<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = shape.Components, d = shape.Dimension, n = RowsPerLane * shape.Lanes;
        using var backend = new CpuEmBackend<T>(shape.Lanes, shape.RegisterBits);
        var data = new InMemoryDataSource<T>(WarmUpProblem.Points<T>(n, k, d), d);
        var model = WarmUpProblem.Model(shape.CovarianceType, k, d);
        StartPrecompilation(backend, model, variational: false);
        var run = new EmRun<T, GaussianMixtureModel>(backend, data, new MaximumLikelihoodStep(RegularizationCovariance), model);
        run.Run(maxIterations: 1, tolerance: 0, previousLowerBound: double.NegativeInfinity); // as GaussianMixture runs it
        return backend.KernelType;
    }

    /// <summary>The variational warm-up: as <see cref="RunOnSyntheticPoints(Shape)"/>, with the variational M-step.</summary>
    internal static void RunVariationalOnSyntheticPoints(Shape shape)
    {
        if (shape.Precision == ComputePrecision.Single) RunVariationalOnSyntheticPoints<float>(shape);
        else RunVariationalOnSyntheticPoints<double>(shape);
    }

    /// <summary>The variational warm-up of the kernel of one form per step (<see cref="CpuKernel{T}.UseMinimalVariants"/>).</summary>
    internal static void RunMinimalVariationalOnSyntheticPoints(Shape shape)
    {
        if (shape.Precision == ComputePrecision.Single) RunVariationalOnSyntheticPoints<float>(shape, minimalVariants: true);
        else RunVariationalOnSyntheticPoints<double>(shape, minimalVariants: true);
    }

    /// <summary>
    /// The variational warm-up in float type <typeparamref name="T"/>: the default priors of the synthetic points, a
    /// posterior from one E-step under the synthetic model (as a fit's initialisation makes it), then one iteration of
    /// the variational M-step (scikit-learn's default Dirichlet-process prior on the weights); with
    /// <paramref name="minimalVariants"/>, on a backend of <see cref="CpuKernel{T}.UseMinimalVariants"/> kernels.
    /// </summary>
    internal static void RunVariationalOnSyntheticPoints<T>(Shape shape, bool minimalVariants = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = shape.Components, d = shape.Dimension, n = RowsPerLane * shape.Lanes;
        using var backend = new CpuEmBackend<T>(shape.Lanes, shape.RegisterBits, minimalVariants);
        var data = new InMemoryDataSource<T>(WarmUpProblem.Points<T>(n, k, d), d);
        var model = WarmUpProblem.Model(shape.CovarianceType, k, d);
        StartPrecompilation(backend, model, variational: true);
        var priors = BayesianPriors.Resolve(data, k, shape.CovarianceType, null, null, null, null, null);
        var step = new VariationalStep(priors, WeightConcentrationPriorType.DirichletProcess, RegularizationCovariance);
        var statistics = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, data, statistics);
        var start = step.Initialize(statistics, new MaximizationContext(new List<FitWarning>(), 0));
        new EmRun<T, BayesianGaussianMixtureModel>(backend, data, step, start).Run(maxIterations: 1, tolerance: 0);
    }

    /// <summary>
    /// Has <paramref name="backend"/> make its kernel for <paramref name="model"/>'s shape and, for the covariance types
    /// of <see cref="PrecompilesStatistics"/>, starts compiling that kernel's statistics methods on a second thread
    /// (<see cref="KernelPrecompilation"/>), which the iteration that follows on this thread then finds compiled or
    /// being compiled.
    /// </summary>
    private static void StartPrecompilation<T>(CpuEmBackend<T> backend, GaussianMixtureModel model, bool variational) where T : unmanaged, IFloatingPointIeee754<T>
    {
        backend.Ready(model);
        if (PrecompilesStatistics(model.CovarianceType, variational) && backend.Kernel is { } kernel)
            KernelPrecompilation.Start(kernel);
    }

    /// <summary>
    /// Whether the warm-up of <paramref name="type"/> compiles the kernel's statistics methods on a second thread: full
    /// and tied, whose fits wait for the warm-up's compilation of many kernel methods, and every variational warm-up
    /// (its fit, 100k × 16 in the benchmark, waits for the warm-up after its own reading and copies); not the
    /// maximum-likelihood diagonal and spherical ones, whose fits' own reading and copying of the data outlasts their
    /// warm-up, so that a second thread only takes a core from that (docs/benchmarks.md, "The kernel warm-up on two
    /// threads" and "The variational fit's compilation waits").
    /// </summary>
    internal static bool PrecompilesStatistics(CovarianceType type, bool variational) =>
        variational || type is CovarianceType.Full or CovarianceType.Tied;

    /// <summary>The M-step's reg_covar in the warm-up (scikit-learn's default).</summary>
    private const double RegularizationCovariance = 1e-6;
}
