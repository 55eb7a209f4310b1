using System.Numerics;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>Input points of float type <typeparamref name="T"/>.</summary>
internal sealed class InputData<T>(string path, IDataSource<T> source, string[]? featureNames, bool validated, IDisposable? owner = null)
    : InputData(path, featureNames) where T : unmanaged, IFloatingPointIeee754<T>
{
    private bool _validated = validated;

    public IDataSource<T> Source { get; } = source;
    public override int Dimension => Source.Dimension;
    public override long Count => Source.Count;

    public override void CheckFinite()
    {
        if (_validated) return;
        // Chunks of 64 KiB; a file is read into one reused buffer rather than a fresh array per chunk (new memory is
        // what a pass over a file costs most).
        int rows = Math.Max(1, (64 << 10) / (Dimension * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        if (Source is FileDataSource<T> file)
        {
            var buffer = new T[rows * Dimension];
            for (long start = 0; start < Count; start += rows)
            {
                int count = (int)Math.Min(rows, Count - start);
                var values = buffer.AsSpan(0, count * Dimension);
                file.ReadRows(start, values);
                CheckFinite(start, values);
            }
        }
        else
        {
            foreach (var chunk in Source.GetChunks(rows)) CheckFinite(chunk.Start, chunk.Values.Span);
        }
        _validated = true;
    }

    public override bool FitChecksFinite => !_validated && Missing == MissingValues.Reject && Source is FileDataSource<T>;

    public override void CheckedByFit()
    {
        if (FitChecksFinite) _validated = true;
    }

    /// <summary>Throws naming the first non-finite value of the rows from <paramref name="start"/> on.</summary>
    private void CheckFinite(long start, ReadOnlySpan<T> values)
    {
        if (FiniteCheck.AllFinite(values)) return;
        if (Missing == MissingValues.Marginalize)
        {
            // NaN is a missing entry; ±∞ and a row with every value missing are the library's errors, in the tool's words.
            try
            {
                DataValidation.CheckMissing(values, start, Dimension, "data");
            }
            catch (ArgumentException e)
            {
                throw MissingValueMessage.For(Path, e);
            }
            return;
        }
        int bad = 0;
        while (T.IsFinite(values[bad])) bad++;
        throw new CliException($"{Path}: {DataLocation.At(start + bad / Dimension, bad % Dimension)} holds {values[bad]}; remove or impute non-finite values.");
    }

    public override InputData WithWeights(double[] weights)
    {
        var converted = new T[weights.Length];
        for (int i = 0; i < weights.Length; i++) converted[i] = T.CreateTruncating(weights[i]);
        return new InputData<T>(Path, new WeightedDataSource<T>(Source, converted), FeatureNames, _validated) { Missing = Missing };
    }

    public override FitResult Fit(GaussianMixture mixture, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return mixture.Fit(Source, progress, cancellationToken);
        }
        catch (ArgumentException e) when (e.ParamName == "data") // the library names the point; the tool adds the file
        {
            throw new CliException($"{Path}: {Errors.Describe(e)}", e);
        }
    }

    public override BayesianFitResult Fit(BayesianGaussianMixture mixture, IProgress<IterationReport>? progress, CancellationToken cancellationToken) =>
        mixture.Fit(Source, progress, cancellationToken);

    public override SelectionResult Select(GaussianMixtureSelection selection, SelectionOptions options, IProgress<SelectionEntry>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return selection.Select(Source, options, progress, cancellationToken);
        }
        catch (ArgumentException e) when (e.ParamName == "data") // as Fit: the library names the point or feature; the tool adds the file
        {
            throw new CliException($"{Path}: {Errors.Describe(e)}", e);
        }
    }

    public override double Score(GaussianMixtureModel model)
    {
        if (_validated && Missing == MissingValues.Reject && Source is FileDataSource<T> file && model.Dimension == Dimension)
            return ScoreCheckedFile(model, file);
        return model.Score(Source, Missing);
    }

    /// <summary>
    /// <see cref="GaussianMixtureModel.Score{T}(IDataSource{T})"/> of a file whose values <see cref="CheckFinite"/> has
    /// checked, bit for bit: each point's log-density summed in order and divided by n, the points scored in the
    /// library's blocks of 4096 (chunks of a multiple of 4096 rows start where the library's 2¹⁶-row chunks put a block).
    /// What it leaves out: a second validation pass over the file and a fresh array per chunk (one buffer is reused, of
    /// two blocks per core rather than 2¹⁶ rows): fresh memory and a pass over the file are what a short fit's summary
    /// (the BIC) cost most.
    /// </summary>
    private double ScoreCheckedFile(GaussianMixtureModel model, FileDataSource<T> file)
    {
        const int queryBlock = 4096; // the rows of one block of the library's queries
        int chunkRows = Math.Min(1 << 16, 2 * queryBlock * Environment.ProcessorCount); // every core gets two blocks per chunk
        int rows = (int)Math.Min(chunkRows, Count);
        var values = GC.AllocateUninitializedArray<T>(checked(rows * Dimension)); // every element is read into before use
        var scores = GC.AllocateUninitializedArray<double>(rows);
        double sum = 0;
        for (long start = 0; start < Count; start += rows)
        {
            int count = (int)Math.Min(rows, Count - start);
            var chunk = values.AsSpan(0, checked(count * Dimension));
            file.ReadRows(start, chunk);
            var chunkScores = scores.AsSpan(0, count);
            model.ScoreSamples<T>(chunk, chunkScores);
            foreach (double score in chunkScores) sum += score;
        }
        return sum / Count;
    }

    public override Thread? StartScoreWarmUp(CovarianceType type, int components) =>
        Missing == MissingValues.Reject ? ScoreWarmUp.Start<T>(type, components, Dimension) : null;

    public override double Score(BayesianGaussianMixtureModel model) => model.Score(Source);

    public override IEnumerable<(int[]? Labels, double[]? Probabilities)> Predict(GaussianMixtureModel model, bool probabilities, int chunkRows)
    {
        foreach (var chunk in Source.GetChunks(chunkRows))
            yield return probabilities ? (null, model.PredictProbabilities(chunk.Values.Span, Missing)) : (model.Predict(chunk.Values.Span, Missing), null);
    }

    public override IEnumerable<double[]> Impute(GaussianMixtureModel model, int chunkRows)
    {
        foreach (var chunk in Source.GetChunks(chunkRows))
            yield return model.Impute(chunk.Values.Span);
    }

    public override double AnomalyThreshold(IEmBackendProvider provider, GaussianMixtureModel model, BayesianGaussianMixtureModel? posterior, double contamination)
    {
        using var backend = provider.Create<T>();
        return posterior is null ? backend.AnomalyThreshold(model, Source, contamination) : backend.AnomalyThreshold(posterior, Source, contamination);
    }

    public override IEnumerable<AnomalyChunk> FlagAnomalies(IEmBackendProvider provider, GaussianMixtureModel model, BayesianGaussianMixtureModel? posterior,
        double threshold, int chunkRows)
    {
        using var backend = provider.Create<T>();
        var chunks = posterior is null ? backend.FlagAnomalies(model, Source, threshold, chunkRows) : backend.FlagAnomalies(posterior, Source, threshold, chunkRows);
        foreach (var chunk in chunks) yield return chunk;
    }

    public override double[] ReadAll()
    {
        var result = new double[Count * Dimension];
        foreach (var chunk in Source.GetChunks(1 << 16))
        {
            var values = chunk.Values.Span;
            long offset = chunk.Start * Dimension;
            for (int i = 0; i < values.Length; i++) result[offset + i] = double.CreateTruncating(values[i]);
        }
        return result;
    }

    public override void Dispose() => owner?.Dispose();
}
