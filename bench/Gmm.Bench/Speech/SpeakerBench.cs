using System.Diagnostics;
using System.Globalization;
using Gmm.Cpu;
using Gmm.Speech;
using Gmm.Speech.Adaptation;
using Gmm.Speech.Audio;
using Gmm.Speech.Evaluation;
using Gmm.Speech.Features;
using Gmm.Speech.PostProcessing;
using Gmm.Speech.Ubm;
using Gmm.Speech.Verification;

namespace Gmm.Bench.Speech;

/// <summary>
/// `Gmm.Bench speaker [--frames 1000000] [--components 1024] [--iterations 3] [--fixtures DIR] [--part all|ubm,map,trials,accuracy]`:
/// the GMM-UBM figures of docs/benchmarks.md on the CPU backend, timed by wall clock and by this process's CPU time (the
/// dev machine is shared): one UBM training iteration (Kaldi's M-step) on N × 39 frames at K diagonal components; MAP
/// adaptation and top-C trial scoring throughput under that UBM; and on the speaker fixtures the identification accuracy
/// and EER of UBM + MAP against one GMM per speaker, on whole test utterances and on short pieces of them.
/// </summary>
public static class SpeakerBench
{
    private const int Dimension = 39;

    /// <summary>Runs the parts asked for and prints their lines.</summary>
    public static int Run(string[] args)
    {
        var options = BenchArgs.Options(args);
        int frames = BenchArgs.Get(options, "frames", 1_000_000), k = BenchArgs.Get(options, "components", 1024);
        int iterations = BenchArgs.Get(options, "iterations", 3);
        var parts = options.GetValueOrDefault("part", "all").Split(',').ToHashSet();
        bool Part(string name) => parts.Contains("all") || parts.Contains(name);
        string fixtures = options.GetValueOrDefault("fixtures", Path.Combine("tests", "fixtures", "speech", "speakers"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"speaker benchmark: {Environment.ProcessorCount} logical cores, load average {LoadAverage()}, CPU backend (float32 E-step)"));
        if (Part("ubm") || Part("map") || Part("trials"))
        {
            var data = Frames(frames, seed: 1);
            var ubm = Ubm(data, k, iterations, timed: Part("ubm"));
            if (Part("map")) Map(ubm);
            if (Part("trials")) Trials(ubm);
        }
        if (Part("accuracy")) Accuracy(fixtures);
        return 0;
    }

    /// <summary>n × 39 float32 frames from a random 64-component mixture (unit-scale clusters a few units apart).</summary>
    private static InMemoryDataSource<float> Frames(int n, int seed)
    {
        var random = new Random(seed);
        var centers = new double[64 * Dimension];
        for (int i = 0; i < centers.Length; i++) centers[i] = 3 * Normal(random);
        var values = new float[(long)n * Dimension];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(64);
            for (int j = 0; j < Dimension; j++) values[(long)i * Dimension + j] = (float)(centers[c * Dimension + j] + Normal(random));
        }
        return new InMemoryDataSource<float>(values, Dimension);
    }

    /// <summary>A K-component UBM from random frames, then timed training iterations (EmRun + KaldiMaximizationStep) over every frame.</summary>
    private static GaussianMixtureModel Ubm(InMemoryDataSource<float> data, int k, int iterations, bool timed)
    {
        var start = new UbmTrainer(new UbmOptions { ComponentCount = k, InitializationFrames = 50 * k, InitializationIterations = 2, Iterations = 0 })
            .Train(data).Model;
        var step = new KaldiMaximizationStep(new KaldiEstimationOptions { RemoveLowCountGaussians = false });
        using var backend = CpuBackendProvider.Default.Create<float>();
        var run = new EmRun<float, GaussianMixtureModel>(backend, data, step, start);
        run.Step(); // warm-up (JIT, buffers)
        if (!timed) return run.State;
        var (wall, cpu) = Time(() => { for (int i = 0; i < iterations; i++) run.Step(); });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"UBM iteration, {data.Count:N0} frames × {Dimension}, K = {run.State.ComponentCount} diag: {1e3 * wall / iterations:N0} ms wall, {1e3 * cpu / iterations:N0} ms CPU per iteration (mean of {iterations}; log-likelihood {run.LowerBound:F4})"));
        return run.State;
    }

    /// <summary>MAP adaptation of 50 speakers of 3,000 frames (30 s) each: one statistics pass under the UBM and the update, per speaker.</summary>
    private static void Map(GaussianMixtureModel ubm)
    {
        const int speakers = 50, perSpeaker = 3000;
        var data = Enumerable.Range(0, speakers).Select(s => Frames(perSpeaker, seed: 100 + s)).ToList();
        using var adapter = new MapAdapter(ubm);
        adapter.Adapt(data[0]);
        var (wall, cpu) = Time(() => { foreach (var speaker in data) adapter.Adapt(speaker); });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MAP adaptation (means, r = 16), K = {ubm.ComponentCount}: {speakers * perSpeaker / wall:N0} frames/s wall ({speakers * perSpeaker / cpu:N0} per CPU second), {speakers / wall:N1} speakers of 30 s per second"));
    }

    /// <summary>Top-C scoring of 20 utterances of 3,000 frames against 10 models each, C = 5 and C = 0 (every component).</summary>
    private static void Trials(GaussianMixtureModel ubm)
    {
        using var adapter = new MapAdapter(ubm);
        var models = Enumerable.Range(0, 10).Select(s => adapter.Adapt(Frames(3000, seed: 200 + s))).ToList();
        var utterances = Enumerable.Range(0, 20).Select(u => Frames(3000, seed: 300 + u)).ToList();
        foreach (int c in new[] { 5, 0 })
        {
            using var scorer = new VerificationScorer(ubm, c);
            scorer.Score(models, utterances[0]);
            var (wall, cpu) = Time(() => { foreach (var utterance in utterances) scorer.Score(models, utterance); });
            double pairs = 20.0 * 3000 * models.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trial scoring, K = {ubm.ComponentCount}, top-{(c == 0 ? "all" : c.ToString(CultureInfo.InvariantCulture))}: {pairs / wall:N0} frame-trials/s wall ({pairs / cpu:N0} per CPU second); 200 trials of 30 s in {wall:F2} s"));
        }
    }

    /// <summary>Identification accuracy and EER on the speaker fixtures: UBM + MAP against one GMM per speaker, on whole and cut test utterances.</summary>
    private static void Accuracy(string folder)
    {
        var extractor = new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = 0 } });
        List<Utterance> Read(string list) => [.. File.ReadLines(Path.Combine(folder, list)).Where(l => l.Length > 0).Select(path =>
            new Utterance(Path.GetFileNameWithoutExtension(path), PostProcessingOptions.Sid.Apply(extractor.Compute(WaveReader.Read(Path.Combine(folder, path))))))];
        var enrollment = Read("enroll.list");
        var test = Read("test.list");
        var speakers = SpeakerEnrollment.Read(Path.Combine(folder, "spk2utt"));
        var names = speakers.Select(s => s.Speaker).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fixtures: {enrollment.Sum(u => u.Features.Rows)} enrolment frames ({speakers.Count} speakers), {test.Count} test utterances of {test.Min(u => u.Features.Rows)}–{test.Max(u => u.Features.Rows)} frames"));
        foreach (int k in new[] { 8, 16, 32, 64 })
        {
            var frames = enrollment.SelectMany(u => u.Features.Values).ToArray();
            var ubm = new UbmTrainer(new UbmOptions { ComponentCount = k, Subsample = 1 }).Train(new InMemoryDataSource<float>(frames, Dimension)).Model;
            using var adapter = new MapAdapter(ubm);
            var adapted = adapter.AdaptSpeakers(enrollment, speakers).ToDictionary(s => s.Speaker, s => s.Model);
            var perSpeaker = speakers.ToDictionary(s => s.Speaker, s => new GaussianMixture(new GaussianMixtureOptions
            {
                ComponentCount = k,
                CovarianceType = CovarianceType.Diagonal,
                RegularizationCovariance = 1e-3,
            }).Fit(enrollment.Where(u => s.Utterances.Contains(u.Key)).SelectMany(u => u.Features.Values).ToArray(), Dimension).Model);
            using var scorer = new VerificationScorer(ubm);
            foreach (int length in new[] { 0, 100, 30 })
            {
                var pieces = test.SelectMany(u => Pieces(u, length)).ToList();
                var map = Evaluate(pieces, names, piece => scorer.Score(names.Select(n => adapted[n]).ToList(), piece).Select(r => r.Value).ToArray());
                var gmm = Evaluate(pieces, names, piece => names.Select(n => perSpeaker[n].Score(piece)).ToArray());
                string which = length == 0 ? "whole utterances" : string.Create(CultureInfo.InvariantCulture, $"pieces of {length} frames");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"K = {k,2}, {which,-18} ({pieces.Count,3} tests): UBM+MAP top-5 {map.Accuracy:P1} correct, EER {map.Eer:P1}; per-speaker GMM {gmm.Accuracy:P1} correct, EER {gmm.Eer:P1}"));
            }
        }
    }

    /// <summary>The whole utterance (length 0), or its consecutive pieces of <paramref name="length"/> frames.</summary>
    private static IEnumerable<(string Speaker, InMemoryDataSource<float> Frames)> Pieces(Utterance utterance, int length)
    {
        string speaker = utterance.Key.Split('_')[0];
        var m = utterance.Features;
        if (length == 0) { yield return (speaker, new InMemoryDataSource<float>(m.Values, m.Columns)); yield break; }
        for (int start = 0; start + length <= m.Rows; start += length)
            yield return (speaker, new InMemoryDataSource<float>(m.Values.AsMemory(start * m.Columns, length * m.Columns), m.Columns));
    }

    /// <summary>Identification accuracy (argmax over the speakers) and the EER of every (piece, speaker) trial.</summary>
    private static (double Accuracy, double Eer) Evaluate(List<(string Speaker, InMemoryDataSource<float> Frames)> pieces, List<string> names,
        Func<InMemoryDataSource<float>, double[]> score)
    {
        int correct = 0;
        var scores = new List<double>();
        var targets = new List<bool>();
        foreach (var (speaker, frames) in pieces)
        {
            var values = score(frames);
            if (names[Array.IndexOf(values, values.Max())] == speaker) correct++;
            for (int i = 0; i < names.Count; i++)
            {
                scores.Add(values[i]);
                targets.Add(names[i] == speaker);
            }
        }
        return ((double)correct / pieces.Count, DetectionMetrics.EqualErrorRate(scores, targets).Rate);
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        action();
        process.Refresh();
        return (wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
