using System.Globalization;
using System.Text.Json;
using Gmm.Cli.Formats;
using Gmm.Speech.Archives;
using Gmm.Speech.Verification;
using Gmm.Tests.Cli;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>gmm ubm, adapt, score --ubm, trials and eer on the speaker fixtures, as the README's five commands run them.</summary>
public sealed class SpeakerCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Speakers(string name) => Path.Combine(SpeechFixtures.Folder, "speakers", name);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var result = _cli.Run(args);
        return result;
    }

    /// <summary>enroll.ark, test.ark (sid preset, no dither) and a 32-component UBM.</summary>
    private void Prepare()
    {
        foreach (string set in new[] { "enroll", "test" })
            Assert.Equal(0, Run("mfcc", Speakers(set + ".list"), "--preset", "sid", "--dither", "0", "-o", _cli.PathOf(set + ".ark"), "-q").Code);
        var (code, output, error) = Run("ubm", _cli.PathOf("enroll.ark"), "-k", "32", "-c", "diag", "--subsample", "1", "-o", _cli.PathOf("ubm.json"));
        Assert.True(code == 0, error);
        Assert.Contains("init   iter  1/20     16 components", output);
        Assert.Contains("init   split to 17 components", output);
        Assert.Contains("train  iter  4/4", output);
        Assert.Contains("UBM written to", output);
    }

    [Fact]
    public void The_five_commands_verify_the_fixture_speakers()
    {
        Prepare();
        var (code, output, error) = Run("adapt", _cli.PathOf("enroll.ark"), "--ubm", _cli.PathOf("ubm.json"), "--spk2utt", Speakers("spk2utt"), "-o", _cli.PathOf("models"));
        Assert.True(code == 0, error);
        Assert.Contains("spk3: ", output);
        Assert.Equal(5, Directory.GetFiles(_cli.PathOf("models"), "*.json").Length);

        (code, output, error) = Run("trials", Speakers("trials.txt"), "--models", _cli.PathOf("models"), "--ubm", _cli.PathOf("ubm.json"),
            "--features", _cli.PathOf("test.ark"), "-o", _cli.PathOf("scores.txt"));
        Assert.True(code == 0, error);
        Assert.Contains("scored 50 trials (10 target, 40 nontarget) of 5 models on 10 utterances, top-5", output);
        var lines = File.ReadAllLines(_cli.PathOf("scores.txt"));
        Assert.Equal(File.ReadAllLines(Speakers("trials.txt")).Select(l => l.Split(' ')[0] + " " + l.Split(' ')[1]), lines.Select(l => l.Split(' ')[0] + " " + l.Split(' ')[1]));
        Assert.All(lines, l => Assert.Equal(4, l.Split(' ').Length));

        (code, output, error) = Run("eer", _cli.PathOf("scores.txt"), "--plot", _cli.PathOf("det.png"));
        Assert.True(code == 0, error);
        Assert.Contains("trials: 50 (10 target, 40 nontarget)", output);
        Assert.Contains("EER: 0.00%", output);
        Assert.Contains("minDCF (P_target 0.01, C_miss 1, C_fa 1): 0.0000", output);
        Assert.Contains("minDCF (P_target 0.001, C_miss 1, C_fa 1): 0.0000", output);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(_cli.PathOf("det.png")).Take(4));
    }

    [Fact]
    public void Score_with_a_ubm_prints_the_ratio_as_one_json_object()
    {
        Prepare();
        Assert.Equal(0, Run("adapt", _cli.PathOf("enroll.ark"), "--ubm", _cli.PathOf("ubm.json"), "-o", _cli.PathOf("all.json"), "--adapt", "means,weights,variances", "-q").Code);
        string utterance = _cli.PathOf("one.htk");
        Assert.Equal(0, Run("mfcc", Speakers("wav/spk2_test1.wav"), "--preset", "sid", "--dither", "0", "-o", utterance, "-q").Code);
        var (code, output, error) = Run("score", utterance, "-m", _cli.PathOf("all.json"), "--ubm", _cli.PathOf("ubm.json"), "--top-c", "5", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["llr", "n_frames"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var (features, _) = HtkFile.Read(utterance);
        Assert.Equal(features.Rows, json.RootElement.GetProperty("n_frames").GetInt32());
        using var scorer = new VerificationScorer(ModelFile.Read(_cli.PathOf("ubm.json")).Model, 5);
        var expected = scorer.Score(ModelFile.Read(_cli.PathOf("all.json")).Model, new Gmm.InMemoryDataSource<float>(features.Values, features.Columns));
        Assert.Equal(expected.Value, json.RootElement.GetProperty("llr").GetDouble());
        Assert.Contains("log-likelihood ratio", Run("score", utterance, "-m", _cli.PathOf("all.json"), "--ubm", _cli.PathOf("ubm.json")).Out);
        Assert.Contains("mean log-likelihood", Run("score", utterance, "-m", _cli.PathOf("ubm.json")).Out);
    }

    [Fact]
    public void Bad_requests_are_refused_naming_the_problem()
    {
        Prepare();
        string ubm = _cli.PathOf("ubm.json"), enroll = _cli.PathOf("enroll.ark");
        var (code, _, error) = Run("score", enroll, "-m", ubm, "--top-c", "3");
        Assert.Equal(2, code);
        Assert.Contains("--top-c applies to a speaker model scored against a UBM", error);

        (code, _, error) = Run("ubm", enroll, "-k", "4", "-o", enroll);
        Assert.Equal(2, code);
        Assert.Contains("is also an input", error);

        string list = _cli.WriteText("feats.list", "enroll.ark\n");
        (code, _, error) = Run("adapt", list, "--ubm", ubm, "-o", enroll);
        Assert.Equal(2, code);
        Assert.Contains("is also an input", error); // the archive the list names

        (code, _, error) = Run("adapt", enroll, "--ubm", ubm, "-o", _cli.PathOf("x.json"), "--adapt", "means,covariances");
        Assert.Equal(2, code);
        Assert.Contains("'covariances' is not one of means, weights, variances", error);

        Directory.CreateDirectory(_cli.PathOf("empty"));
        (code, _, error) = Run("trials", Speakers("trials.txt"), "--models", _cli.PathOf("empty"), "--ubm", ubm, "--features", _cli.PathOf("test.ark"), "-o", _cli.PathOf("s.txt"));
        Assert.Equal(2, code);
        Assert.Contains("model 'spk1' has no file", error);

        string unlabelled = _cli.WriteText("unlabelled.txt", "spk1 u1 0.5\n");
        (code, _, error) = Run("eer", unlabelled);
        Assert.Equal(2, code);
        Assert.Contains("line 1: expected 'MODEL UTTERANCE SCORE target|nontarget'", error);

        (code, _, error) = Run("ubm", enroll, "-k", "4096", "-o", _cli.PathOf("big.json"), "-q");
        Assert.Equal(2, code);
        Assert.Contains("at least 10 frames per starting component", error);
        Assert.False(File.Exists(_cli.PathOf("big.json")));
    }

    [Fact]
    public void Adapt_from_several_files_uses_all_their_frames()
    {
        Prepare();
        string[] parts = ["wav/spk1_enroll1.wav", "wav/spk1_enroll2.wav"];
        var paths = parts.Select((p, i) =>
        {
            string path = _cli.PathOf($"part{i}.htk");
            Assert.Equal(0, Run("mfcc", Speakers(p), "--preset", "sid", "--dither", "0", "-o", path, "-q").Code);
            return path;
        }).ToArray();
        var (code, output, error) = Run(["adapt", .. paths, "--ubm", _cli.PathOf("ubm.json"), "-o", _cli.PathOf("spk1.json")]);
        Assert.True(code == 0, error);
        int frames = paths.Sum(p => HtkFile.Read(p).Features.Rows);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"to {frames} frames of"), output);
    }
}
