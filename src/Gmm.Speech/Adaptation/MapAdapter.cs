using System.Numerics;
using Gmm.Cpu;

namespace Gmm.Speech.Adaptation;

/// <summary>
/// Speaker models by MAP adaptation of a UBM (<see cref="MapAdaptationStep"/>): one pass of sufficient statistics under
/// the UBM per speaker on one backend, then the MAP update. One backend serves every speaker, and every statistics pass
/// is taken under the same UBM instance, so a device backend keeps the UBM uploaded across speakers; each speaker (each
/// utterance, for <see cref="AdaptSpeakers"/>) is its own data set. Dispose to release the backend.
/// </summary>
public sealed class MapAdapter : IDisposable
{
    private readonly IEmBackendProvider _provider;
    private object? _backend; // IEmBackend<float> or IEmBackend<double>, by the options' precision
    private bool _disposed;

    /// <summary>Creates an adapter.</summary>
    /// <param name="ubm">The UBM (the prior).</param>
    /// <param name="options">Settings; null for Reynolds' (r = 16, means only).</param>
    /// <param name="backend">Where the statistics are computed; null for the CPU backend.</param>
    /// <exception cref="ArgumentException">Bad settings (see <see cref="MapAdaptationStep"/>).</exception>
    public MapAdapter(GaussianMixtureModel ubm, MapOptions? options = null, IEmBackendProvider? backend = null)
    {
        ArgumentNullException.ThrowIfNull(ubm);
        Options = options ?? new MapOptions();
        Options.Validate();
        Step = new MapAdaptationStep(ubm, Options.RelevanceFactor, Options.Parameters);
        _provider = backend ?? CpuBackendProvider.Default;
    }

    /// <summary>The settings.</summary>
    public MapOptions Options { get; }

    /// <summary>The M-step (its <see cref="MapAdaptationStep.Prior"/> is the UBM).</summary>
    public MapAdaptationStep Step { get; }

    /// <summary>The UBM.</summary>
    public GaussianMixtureModel Ubm => Step.Prior;

    /// <summary>One speaker's model from every frame of <paramref name="data"/>: one EM iteration from the UBM with the MAP M-step.</summary>
    /// <exception cref="ArgumentException">No frames, a dimension other than the UBM's, or a non-finite value.</exception>
    public GaussianMixtureModel Adapt<TData>(IDataSource<TData> data) where TData : unmanaged, IFloatingPointIeee754<TData>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dimension != Ubm.Dimension)
            throw new ArgumentException($"data has {data.Dimension} features but the UBM has {Ubm.Dimension}.", nameof(data));
        if (data.Count < 1) throw new ArgumentException("data is empty: at least one frame is needed.", nameof(data));
        return Options.Precision == ComputePrecision.Single ? Adapt<TData, float>(data) : Adapt<TData, double>(data);
    }

    /// <summary>
    /// The models of several speakers from a stream of utterances (e.g. <see cref="Archives.FeatureArchive.ReadUtterances"/>),
    /// read once, in any order: each utterance's statistics under the UBM are added to its speaker's, and a speaker's
    /// model is produced as soon as all their utterances have been seen (so only the speakers in progress hold
    /// statistics). Utterances no speaker lists are skipped.
    /// </summary>
    /// <exception cref="ArgumentException">An utterance listed for two speakers or appearing twice, a dimension other than the UBM's, or a listed utterance missing from the stream (raised after the models that could be made).</exception>
    public IEnumerable<AdaptedSpeaker> AdaptSpeakers(IEnumerable<Utterance> utterances, IReadOnlyList<SpeakerEnrollment> speakers)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentNullException.ThrowIfNull(speakers);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var speaker in speakers)
            foreach (string utterance in speaker.Utterances)
                if (!owners.TryAdd(utterance, speaker.Speaker))
                    throw new ArgumentException($"utterance '{utterance}' is listed for speakers '{owners[utterance]}' and '{speaker.Speaker}'.", nameof(speakers));
        return Options.Precision == ComputePrecision.Single
            ? AdaptSpeakers<float>(utterances, speakers, owners)
            : AdaptSpeakers<double>(utterances, speakers, owners);
    }

    /// <summary>Releases the backend.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        (_backend as IDisposable)?.Dispose();
    }

    private IEmBackend<T> Backend<T>() where T : unmanaged, IFloatingPointIeee754<T> => (IEmBackend<T>)(_backend ??= _provider.Create<T>());

    private GaussianMixtureModel Adapt<TData, T>(IDataSource<TData> data)
        where TData : unmanaged, IFloatingPointIeee754<TData>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var chunk in data.GetChunks(1 << 16))
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(chunk.Values.Span))
                throw new ArgumentException($"data holds a non-finite value in points {chunk.Start}–{chunk.Start + chunk.Count - 1}.", nameof(data));
        var source = data as IDataSource<T> ?? new ConvertingDataSource<TData, T>(data);
        var run = new EmRun<T, GaussianMixtureModel>(Backend<T>(), source, Step, Ubm);
        run.Step();
        return run.State;
    }

    private IEnumerable<AdaptedSpeaker> AdaptSpeakers<T>(IEnumerable<Utterance> utterances, IReadOnlyList<SpeakerEnrollment> speakers,
        Dictionary<string, string> owners) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var backend = Backend<T>();
        var remaining = speakers.ToDictionary(s => s.Speaker, s => s.Utterances.Count, StringComparer.Ordinal);
        var statistics = new Dictionary<string, (SufficientStatistics Sums, long Frames)>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int d = Ubm.Dimension;
        foreach (var utterance in utterances)
        {
            if (!owners.TryGetValue(utterance.Key, out string? speaker)) continue;
            if (!seen.Add(utterance.Key)) throw new ArgumentException($"utterance '{utterance.Key}' appears twice in the features.", nameof(utterances));
            var (sums, frames) = statistics.TryGetValue(speaker, out var known) ? known : (SufficientStatistics.For<T>(Ubm), 0L);
            var features = utterance.Features;
            if (features.Rows > 0)
            {
                if (features.Columns != d)
                    throw new ArgumentException($"utterance '{utterance.Key}' has {features.Columns} features per frame but the UBM has {d}.", nameof(utterances));
                var points = new InMemoryDataSource<float>(features.Values, d);
                backend.Accumulate(Ubm, points as IDataSource<T> ?? new ConvertingDataSource<float, T>(points), sums);
                frames += features.Rows;
            }
            if (--remaining[speaker] > 0)
            {
                statistics[speaker] = (sums, frames);
                continue;
            }
            statistics.Remove(speaker);
            yield return new AdaptedSpeaker(speaker, Step.Adapt(sums), frames);
        }
        foreach (var speaker in speakers)
            if (remaining[speaker.Speaker] > 0)
            {
                string missing = speaker.Utterances.First(u => !seen.Contains(u));
                throw new ArgumentException($"utterance '{missing}' of speaker '{speaker.Speaker}' is not in the features.", nameof(utterances));
            }
    }
}
