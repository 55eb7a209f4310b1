using System.Diagnostics;
using System.Numerics;
using Gmm.Cpu;
using Gmm.Speech.Features;

namespace Gmm.Speech.Ubm;

/// <summary>
/// Trains a universal background model as Kaldi's speaker-id recipes do (sid/train_diag_ubm.sh, train_full_ubm.sh),
/// every iteration one step of the shared EM loop (<see cref="EmRun{T, TState}"/>) on the chosen backend with Kaldi's
/// M-step (<see cref="KaldiMaximizationStep"/>), so that GPUs, streaming, float32/float64 and sample weights work as
/// in any fit:
/// <list type="number">
/// <item>Initialisation (gmm-global-init-from-feats): a uniform sample of at most
/// <see cref="UbmOptions.InitializationFrames"/> frames is kept in memory; G₀ = proportion × G components start on
/// distinct random frames with the sample's global variance and equal weights; after each of
/// <see cref="UbmOptions.InitializationIterations"/> EM iterations the heaviest components are split
/// (<see cref="MixtureSplitter"/>), (G − G₀) / (iterations / 2) more each time (at least one), until G.</item>
/// <item>Training (gmm-global-acc-stats + gmm-global-est): <see cref="UbmOptions.Iterations"/> EM iterations over every
/// <see cref="UbmOptions.Subsample"/>-th frame of all the data.</item>
/// <item>Full covariance (train_full_ubm.sh, when asked for): the diagonal UBM as full matrices, then
/// <see cref="UbmOptions.FullIterations"/> EM iterations with full statistics.</item>
/// </list>
/// Low-count components are removed at every initialisation iteration and at the last iteration of each later phase;
/// variances are floored at every M-step. Unlike Kaldi's training passes, no Gaussian selection is used: every frame's
/// statistics cover every component.
/// </summary>
public sealed class UbmTrainer
{
    /// <summary>Kaldi's initialisation needs at least this many frames per starting component.</summary>
    public const int FramesPerStartingComponent = 10;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Settings; null for the recipes' defaults (512 diagonal components).</param>
    /// <param name="backend">Where statistics are computed; null for the CPU backend.</param>
    /// <exception cref="ArgumentException">An invalid option.</exception>
    public UbmTrainer(UbmOptions? options = null, IEmBackendProvider? backend = null)
    {
        Options = options ?? new UbmOptions();
        Options.Validate();
        Backend = backend ?? CpuBackendProvider.Default;
    }

    /// <summary>The settings.</summary>
    public UbmOptions Options { get; }

    /// <summary>The backend provider.</summary>
    public IEmBackendProvider Backend { get; }

    /// <summary>Trains a UBM on every frame of <paramref name="data"/> (streamed; read once for the sample, then once per training iteration unless held in memory).</summary>
    /// <exception cref="ArgumentException">Empty data, a non-finite value, bad weights, features without variance, or fewer than <see cref="FramesPerStartingComponent"/> frames per starting component.</exception>
    public UbmResult Train<TData>(IDataSource<TData> data, IProgress<UbmProgress>? progress = null, CancellationToken cancellationToken = default)
        where TData : unmanaged, IFloatingPointIeee754<TData>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count < 1) throw new ArgumentException("data is empty: at least one frame is needed.", nameof(data));
        return Options.Precision == ComputePrecision.Single
            ? Run<TData, float>(data, progress, cancellationToken)
            : Run<TData, double>(data, progress, cancellationToken);
    }

    private UbmResult Run<TData, T>(IDataSource<TData> data, IProgress<UbmProgress>? progress, CancellationToken cancellationToken)
        where TData : unmanaged, IFloatingPointIeee754<TData>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        var options = Options;
        var random = new Random(options.Seed);
        var noise = new GaussianNoise(options.Seed);
        var sample = FrameReservoir.Sample<TData, T>(data, options.InitializationFrames, random);
        int target = options.ComponentCount;
        int start = Math.Max(1, (int)(options.InitialComponentProportion * target));
        if (sample.Count < (long)FramesPerStartingComponent * start)
            throw new ArgumentException($"UBM initialisation needs at least {FramesPerStartingComponent} frames per starting component: {sample.Count} frames for {start} components (G = {target}, proportion {options.InitialComponentProportion}); use fewer components or more data.", nameof(data));
        var variance = GlobalVariance(sample);
        if (!(variance.Max() > 0)) throw new ArgumentException("the features have no variance: every frame is the same.", nameof(data));
        var floors = variance.Select(v => Math.Max(options.VarianceFloor, options.RelativeVarianceFloor * v)).ToArray();
        var diagonal = new KaldiEstimationOptions
        {
            MinGaussianWeight = options.MinGaussianWeight,
            MinGaussianOccupancy = options.MinGaussianOccupancy,
            VarianceFloors = floors,
            RemoveLowCountGaussians = options.RemoveLowCountGaussians,
        };
        var model = RandomFrames(sample, start, variance, floors, random);

        using var backend = Backend.Create<T>();
        var run = new UbmPhaseRunner<T>(backend, progress, cancellationToken);
        var step = new KaldiMaximizationStep(diagonal);
        int increment = Math.Max(1, (target - start) / Math.Max(1, options.InitializationIterations / 2));
        int scheduled = start;
        for (int iteration = 1; iteration <= options.InitializationIterations; iteration++)
        {
            model = run.Iterate(UbmPhase.Initialization, iteration, options.InitializationIterations, sample, step, model);
            int next = Math.Min(target, scheduled + increment);
            if (next > model.ComponentCount)
            {
                model = MixtureSplitter.Split(model, next, options.PerturbationFactor, noise);
                scheduled = next;
                progress?.Report(new UbmProgress(UbmPhase.Initialization, iteration, options.InitializationIterations, model.ComponentCount,
                    sample.Count, run.LogLikelihood, next, TimeSpan.Zero));
            }
        }

        long trainingFrames = 0;
        if (options.Iterations > 0 || (options.CovarianceType == CovarianceType.Full && options.FullIterations > 0))
        {
            var training = TrainingFrames<TData, T>(data);
            trainingFrames = training.Count;
            model = run.Phase(UbmPhase.Training, options.Iterations, training, diagonal, model);
            if (options.CovarianceType == CovarianceType.Full)
            {
                var full = diagonal with
                {
                    MinGaussianOccupancy = options.FullMinGaussianOccupancy,
                    VarianceFloors = null,
                    EigenvalueFloor = floors.Min(),
                    MaxConditionNumber = options.MaxConditionNumber,
                };
                model = run.Phase(UbmPhase.FullCovariance, options.FullIterations, training, full, ToFull(model));
            }
        }
        else if (options.CovarianceType == CovarianceType.Full) model = ToFull(model);
        return new UbmResult(model, run.LogLikelihood, sample.Count, trainingFrames, run.Warnings.AsReadOnly(), backend.Description, clock.Elapsed);
    }

    /// <summary>Every <see cref="UbmOptions.Subsample"/>-th frame in the compute type, held in memory when it fits the limit.</summary>
    private IDataSource<T> TrainingFrames<TData, T>(IDataSource<TData> data)
        where TData : unmanaged, IFloatingPointIeee754<TData>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var converted = data as IDataSource<T> ?? new ConvertingDataSource<TData, T>(data);
        var frames = Options.Subsample == 1 ? converted : new SubsampledDataSource<T>(converted, Options.Subsample);
        long values = frames.Count * frames.Dimension;
        if (frames is InMemoryDataSource<T> || values > Array.MaxLength || values * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > Options.InMemoryLimitBytes)
            return frames;
        var buffer = new T[values];
        var weights = frames.HasWeights ? new T[frames.Count] : null;
        foreach (var chunk in frames.GetChunks(1 << 16))
        {
            chunk.Values.Span.CopyTo(buffer.AsSpan((int)(chunk.Start * frames.Dimension)));
            if (weights is not null) chunk.Weights.Span.CopyTo(weights.AsSpan((int)chunk.Start));
        }
        return new InMemoryDataSource<T>(buffer, frames.Dimension, weights);
    }

    /// <summary>The weighted variance of every feature of the sample (two passes, float64).</summary>
    private static double[] GlobalVariance<T>(InMemoryDataSource<T> sample) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = sample.Dimension;
        var chunk = sample.GetChunks(int.MaxValue).Single();
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        var mean = new double[d];
        var variance = new double[d];
        double total = 0;
        for (int i = 0; i < chunk.Count; i++)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            total += w;
            for (int j = 0; j < d; j++) mean[j] += w * double.CreateTruncating(values[i * d + j]);
        }
        if (!(total > 0)) throw new ArgumentException("sample weights are all zero: at least one frame must have a positive weight.", "sampleWeights");
        for (int j = 0; j < d; j++) mean[j] /= total;
        for (int i = 0; i < chunk.Count; i++)
        {
            double w = weights.IsEmpty ? 1 : double.CreateTruncating(weights[i]);
            for (int j = 0; j < d; j++)
            {
                double e = double.CreateTruncating(values[i * d + j]) - mean[j];
                variance[j] += w * e * e;
            }
        }
        for (int j = 0; j < d; j++) variance[j] /= total;
        return variance;
    }

    /// <summary>Kaldi's InitGmmFromRandomFrames: distinct random frames (of positive weight) as means, the floored global variance, equal weights.</summary>
    private static GaussianMixtureModel RandomFrames<T>(InMemoryDataSource<T> sample, int count, double[] variance, double[] floors, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = sample.Dimension;
        var chunk = sample.GetChunks(int.MaxValue).Single();
        var values = chunk.Values.Span;
        var weights = chunk.Weights.Span;
        var candidates = new List<int>(chunk.Count);
        for (int i = 0; i < chunk.Count; i++) if (weights.IsEmpty || weights[i] > T.Zero) candidates.Add(i);
        if (candidates.Count < count)
            throw new ArgumentException($"only {candidates.Count} frames have a positive weight; {count} starting components need as many distinct frames.", "sampleWeights");
        var means = new double[count * d];
        for (int c = 0; c < count; c++)
        {
            int pick = random.Next(c, candidates.Count); // a partial Fisher–Yates shuffle: distinct frames
            (candidates[c], candidates[pick]) = (candidates[pick], candidates[c]);
            for (int j = 0; j < d; j++) means[c * d + j] = double.CreateTruncating(values[candidates[c] * d + j]);
        }
        var covariances = new double[count * d];
        for (int c = 0; c < count; c++)
            for (int j = 0; j < d; j++) covariances[c * d + j] = Math.Max(variance[j], floors[j]);
        return new GaussianMixtureModel(CovarianceType.Diagonal, Enumerable.Repeat(1.0 / count, count).ToArray(), means, covariances);
    }

    /// <summary>A diagonal model as full covariances (gmm-global-to-fgmm).</summary>
    private static GaussianMixtureModel ToFull(GaussianMixtureModel model)
    {
        int k = model.ComponentCount, d = model.Dimension;
        var covariances = new double[k * d * d];
        var variances = model.CovariancesSpan;
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) covariances[(c * d + j) * d + j] = variances[c * d + j];
        return new GaussianMixtureModel(CovarianceType.Full, model.WeightsSpan.ToArray(), model.MeansSpan.ToArray(), covariances);
    }
}
