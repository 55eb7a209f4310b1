using Gmm;
using Gmm.Speech;
using Gmm.Speech.Adaptation;
using Gmm.Speech.Audio;
using Gmm.Speech.Evaluation;
using Gmm.Speech.Features;
using Gmm.Speech.PostProcessing;
using Gmm.Speech.Ubm;
using Gmm.Speech.Verification;
using Gmm.Tests.Gpu;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>GMM-UBM verification end to end on the shipped speaker fixtures, and the scorer's contract.</summary>
public class SpeakerVerificationTests
{
    private static readonly Lazy<(List<Utterance> Enrollment, List<Utterance> Test)> Features = new(() =>
    {
        var extractor = new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = 0 } });
        List<Utterance> Read(string list) => [.. File.ReadLines(Path.Combine(Folder, list)).Where(l => l.Length > 0).Select(path =>
            new Utterance(Path.GetFileNameWithoutExtension(path), PostProcessingOptions.Sid.Apply(extractor.Compute(WaveReader.Read(Path.Combine(Folder, path))))))];
        return (Read("enroll.list"), Read("test.list"));
    });

    private static string Folder => Path.Combine(SpeechFixtures.Folder, "speakers");

    [Fact]
    public void Ubm_and_map_identify_every_test_speaker()
    {
        var (enrollment, test) = Features.Value;
        var frames = enrollment.SelectMany(u => u.Features.Values).ToArray();
        var ubm = new UbmTrainer(new UbmOptions { ComponentCount = 32, Subsample = 1 }).Train(new InMemoryDataSource<float>(frames, 39)).Model;
        using var adapter = new MapAdapter(ubm);
        var speakers = SpeakerEnrollment.Read(Path.Combine(Folder, "spk2utt"));
        var models = adapter.AdaptSpeakers(enrollment, speakers).ToDictionary(s => s.Speaker, s => s.Model);
        Assert.Equal(5, models.Count);

        using var scorer = new VerificationScorer(ubm);
        foreach (var utterance in test)
        {
            var names = models.Keys.Order().ToList();
            var ratios = scorer.Score(names.Select(n => models[n]).ToList(), new InMemoryDataSource<float>(utterance.Features.Values, 39));
            string best = names[Enumerable.Range(0, 5).MaxBy(i => ratios[i].Value)];
            Assert.Equal(utterance.Key.Split('_')[0], best);
        }

        var trials = Trial.ReadList(Path.Combine(Folder, "trials.txt"));
        var scores = scorer.ScoreTrials(trials, name => models[name], test);
        var eer = DetectionMetrics.EqualErrorRate(scores.Select(s => s.Value).ToArray(), trials.Select(t => t.IsTarget!.Value).ToArray());
        Assert.Equal(0, eer.Rate);
    }

    [Fact]
    public void Scoring_a_model_against_itself_gives_zero_and_top_C_is_full_scoring_when_C_is_k()
    {
        var ubm = GpuTestData.Model(CovarianceType.Diagonal, k: 6, d: 3, seed: 60);
        var speaker = GpuTestData.Model(CovarianceType.Diagonal, k: 6, d: 3, seed: 61);
        var points = GpuTestData.Points<double>(ubm, 100, seed: 62);
        var data = new InMemoryDataSource<double>(points, 3);
        using var full = new VerificationScorer(ubm, shortlistLength: 6, precision: ComputePrecision.Double);
        Assert.Equal(0, full.Score(ubm, data).Value, 12);
        double expected = (speaker.ScoreSamples<double>(points).Sum() - ubm.ScoreSamples<double>(points).Sum()) / 100;
        var ratio = full.Score(speaker, data);
        Assert.Equal(expected, ratio.Value, 10);
        Assert.Equal(100, ratio.Frames);
        using var all = new VerificationScorer(ubm, shortlistLength: 0, precision: ComputePrecision.Double);
        Assert.Equal(expected, all.Score(speaker, data).Value, 10);
    }

    [Fact]
    public void A_trial_whose_utterance_is_missing_or_empty_is_an_error_naming_it()
    {
        var ubm = GpuTestData.Model(CovarianceType.Diagonal, k: 2, d: 2, seed: 63);
        using var scorer = new VerificationScorer(ubm);
        var trials = new[] { new Trial("m", "u1", true), new Trial("m", "u2", false) };
        var u1 = new Utterance("u1", new FeatureMatrix(3, 2, GpuTestData.Points<float>(ubm, 3, seed: 64)));
        var missing = Assert.Throws<ArgumentException>(() => scorer.ScoreTrials(trials, _ => ubm, [u1]));
        Assert.Contains("utterance 'u2' of trial 2 (m) is not in the test features", missing.Message);
        var empty = Assert.Throws<ArgumentException>(() => scorer.ScoreTrials(trials, _ => ubm, [u1, new Utterance("u2", FeatureMatrix.Empty)]));
        Assert.Contains("'u2' has no frames", empty.Message);
    }

    [Fact]
    public void The_GPU_backend_scores_trials_as_the_CPU_backend()
    {
        var ubm = GpuTestData.Model(CovarianceType.Diagonal, k: 8, d: 4, seed: 65, separation: 2);
        var models = Enumerable.Range(0, 3).Select(i => GpuTestData.Model(CovarianceType.Diagonal, k: 8, d: 4, seed: 66 + i, separation: 2)).ToList();
        var utterances = Enumerable.Range(0, 4).Select(i => new Utterance($"u{i}", new FeatureMatrix(40, 4, GpuTestData.Points<float>(ubm, 40, seed: 70 + i)))).ToList();
        var trials = utterances.SelectMany(u => Enumerable.Range(0, 3).Select(m => new Trial($"m{m}", u.Key, null))).ToList();
        using var cpu = new VerificationScorer(ubm, 3, precision: ComputePrecision.Double);
        using var gpu = new VerificationScorer(ubm, 3, GpuTestData.Provider, ComputePrecision.Double);
        var expected = cpu.ScoreTrials(trials, name => models[name[1] - '0'], utterances);
        var actual = gpu.ScoreTrials(trials, name => models[name[1] - '0'], utterances);
        Support.Near.Equal(expected.Select(s => s.Value).ToArray(), actual.Select(s => s.Value).ToArray(), 1e-9, floor: 1);
    }
}
