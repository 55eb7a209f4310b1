using System.Numerics;
using Gmm.Cpu;

namespace Gmm.Speech.Verification;

/// <summary>
/// GMM-UBM verification scores (Reynolds et al. 2000): the log-likelihood ratio of speaker models against the UBM,
/// averaged over the frames, with top-C scoring — per frame the C best UBM components are the only ones evaluated, in
/// the UBM and in every speaker model (<see cref="BackendQueries.ScoreShortlisted{T}"/>, on the backend's device when
/// it has one). One backend serves every call, so a device keeps the UBM and the models it has seen uploaded. Dispose to
/// release it.
/// </summary>
public sealed class VerificationScorer : IDisposable
{
    /// <summary>Reynolds' C.</summary>
    public const int DefaultShortlistLength = 5;

    private readonly IEmBackendProvider _provider;
    private object? _backend;
    private bool _disposed;

    /// <summary>Creates a scorer.</summary>
    /// <param name="ubm">The UBM the models were adapted from.</param>
    /// <param name="shortlistLength">C ≥ 0 (0: every component).</param>
    /// <param name="backend">Where to compute; null for the CPU backend (float64 on the host).</param>
    /// <param name="precision">The backend's compute precision.</param>
    public VerificationScorer(GaussianMixtureModel ubm, int shortlistLength = DefaultShortlistLength, IEmBackendProvider? backend = null,
        ComputePrecision precision = ComputePrecision.Single)
    {
        ArgumentNullException.ThrowIfNull(ubm);
        ArgumentOutOfRangeException.ThrowIfNegative(shortlistLength);
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        Ubm = ubm;
        ShortlistLength = shortlistLength;
        Precision = precision;
        _provider = backend ?? CpuBackendProvider.Default;
    }

    /// <summary>The UBM.</summary>
    public GaussianMixtureModel Ubm { get; }

    /// <summary>C (0: every component).</summary>
    public int ShortlistLength { get; }

    /// <summary>The compute precision.</summary>
    public ComputePrecision Precision { get; }

    /// <summary>The score of one model on every frame of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A model not of the UBM's shape, a dimension other than the UBM's, no frames, or a non-finite value.</exception>
    public LikelihoodRatio Score<TData>(GaussianMixtureModel model, IDataSource<TData> data) where TData : unmanaged, IFloatingPointIeee754<TData> =>
        Score([model], data)[0];

    /// <summary>The scores of several models on every frame of <paramref name="data"/>, from one pass (the shortlists are chosen once).</summary>
    /// <exception cref="ArgumentException">A model not of the UBM's shape, a dimension other than the UBM's, no frames, or a non-finite value.</exception>
    public IReadOnlyList<LikelihoodRatio> Score<TData>(IReadOnlyList<GaussianMixtureModel> models, IDataSource<TData> data)
        where TData : unmanaged, IFloatingPointIeee754<TData>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(data);
        return Precision == ComputePrecision.Single ? Score<TData, float>(models, data) : Score<TData, double>(models, data);
    }

    /// <summary>
    /// Scores a trial list: the test utterances are read once, in their order, and each is scored against all the models
    /// its trials name in one pass. Returns one score per trial, in the list's order.
    /// </summary>
    /// <param name="trials">The trials.</param>
    /// <param name="models">The model of a name (called once per name, when first needed).</param>
    /// <param name="utterances">The test utterances; those no trial names are skipped.</param>
    /// <param name="progress">Receives the number of utterances scored so far.</param>
    /// <exception cref="ArgumentException">An utterance named by a trial is missing, appears twice or has no frames, or a model does not fit the UBM.</exception>
    public IReadOnlyList<LikelihoodRatio> ScoreTrials(IReadOnlyList<Trial> trials, Func<string, GaussianMixtureModel> models, IEnumerable<Utterance> utterances,
        IProgress<int>? progress = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(utterances);
        var byUtterance = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < trials.Count; i++)
        {
            if (!byUtterance.TryGetValue(trials[i].Utterance, out var list)) byUtterance[trials[i].Utterance] = list = [];
            list.Add(i);
        }
        var loaded = new Dictionary<string, GaussianMixtureModel>(StringComparer.Ordinal);
        var scores = new LikelihoodRatio?[trials.Count];
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var utterance in utterances)
        {
            if (!byUtterance.TryGetValue(utterance.Key, out var indices)) continue;
            if (!done.Add(utterance.Key)) throw new ArgumentException($"utterance '{utterance.Key}' appears twice in the test features.", nameof(utterances));
            var features = utterance.Features;
            if (features.Rows == 0) throw new ArgumentException($"utterance '{utterance.Key}' has no frames (did voice activity detection drop them all?); it cannot be scored.", nameof(utterances));
            var names = indices.Select(i => trials[i].Model).Distinct(StringComparer.Ordinal).ToList();
            var batch = names.Select(name => loaded.TryGetValue(name, out var model) ? model : loaded[name] = models(name)).ToList();
            var ratios = Score(batch, new InMemoryDataSource<float>(features.Values, features.Columns));
            foreach (int i in indices) scores[i] = ratios[names.IndexOf(trials[i].Model)];
            progress?.Report(done.Count);
        }
        for (int i = 0; i < trials.Count; i++)
            if (scores[i] is null) throw new ArgumentException($"utterance '{trials[i].Utterance}' of trial {i + 1} ({trials[i].Model}) is not in the test features.", nameof(utterances));
        return scores!;
    }

    /// <summary>Releases the backend.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        (_backend as IDisposable)?.Dispose();
    }

    private IReadOnlyList<LikelihoodRatio> Score<TData, T>(IReadOnlyList<GaussianMixtureModel> models, IDataSource<TData> data)
        where TData : unmanaged, IFloatingPointIeee754<TData>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var backend = (IEmBackend<T>)(_backend ??= _provider.Create<T>());
        var source = data as IDataSource<T> ?? new ConvertingDataSource<TData, T>(data);
        var totals = backend.ScoreShortlisted(Ubm, models, ShortlistLength, source);
        return [.. Enumerable.Range(0, models.Count).Select(m => new LikelihoodRatio(totals.MeanLogLikelihoodRatio(m), totals.WeightSum))];
    }
}
