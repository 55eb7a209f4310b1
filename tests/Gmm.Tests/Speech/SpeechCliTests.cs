using Gmm.Speech;
using Gmm.Speech.Archives;
using Gmm.Speech.Audio;
using Gmm.Speech.Features;
using Gmm.Speech.PostProcessing;
using Gmm.Tests.Cli;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>gmm mfcc / gmm fbank, and Kaldi archives, scripts and lists as inputs of fit, score, predict and select.</summary>
public sealed class SpeechCliTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Speakers(string name) => Path.Combine(SpeechFixtures.Folder, "speakers", name);

    private static float[] ReadNpy(string path, out long rows, out long columns)
    {
        using var data = Gmm.Cli.Formats.DataReader.Open(path);
        (rows, columns) = (data.Count, data.Dimension);
        return data.ReadAll().Select(v => (float)v).ToArray();
    }

    [Fact]
    public void Mfcc_writes_float32_npy_as_the_library_computes_it()
    {
        string wav = SpeechFixtures.Wav("speech_16k.wav");
        var (code, output, error) = _cli.Run("mfcc", wav, "-o", _cli.PathOf("a.npy"), "--dither", "0");
        Assert.True(code == 0, error);
        Assert.Contains("118 frames × 13 features", output);
        var values = ReadNpy(_cli.PathOf("a.npy"), out long rows, out long columns);
        Assert.Equal((118L, 13L), (rows, columns));
        var expected = new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = 0 } }).Compute(WaveReader.Read(wav));
        Assert.Equal(expected.Values, values);

        Assert.Equal(0, _cli.Run("mfcc", wav, "-o", _cli.PathOf("b.npy"), "--dither", "0", "--deltas", "-q").Code);
        Assert.Equal(39L, ReadNpy(_cli.PathOf("b.npy"), out _, out long deltaColumns).Length / 118);
        Assert.Equal(39, deltaColumns);
    }

    [Fact]
    public void Dither_zero_is_deterministic_and_dither_is_seeded()
    {
        string wav = SpeechFixtures.Wav("speech_16k.wav");
        float[] Run(params string[] extra)
        {
            string path = _cli.PathOf(Guid.NewGuid().ToString("N") + ".npy");
            Assert.Equal(0, _cli.Run(["mfcc", wav, "-o", path, "-q", .. extra]).Code);
            return ReadNpy(path, out _, out _);
        }
        Assert.Equal(Run("--dither", "0"), Run("--dither=0"));
        Assert.Equal(Run(), Run("--seed", "0"));
        Assert.NotEqual(Run(), Run("--seed", "5"));
    }

    [Fact]
    public void Fbank_options_and_outputs()
    {
        string wav = SpeechFixtures.Wav("stereo_16k.wav");
        Assert.Equal(0, _cli.Run("fbank", wav, "--channel", "1", "--num-mel-bins", "40", "--use-energy=true", "--dither", "0", "-o", _cli.PathOf("f.htk"), "-q").Code);
        var (features, header) = HtkFile.Read(_cli.PathOf("f.htk"));
        Assert.Equal("FBANK_E", header.Kind.ToString());
        Assert.Equal(100000, header.SamplePeriod);
        var expected = new FbankExtractor(KaldiOptionParser.Fbank([new("num-mel-bins", "40"), new("use-energy", "true"), new("dither", "0")]))
            .Compute(WaveReader.Read(wav), channel: 1);
        Assert.Equal(expected.Values, features.Values);
    }

    [Fact]
    public void A_list_goes_to_an_archive_and_script_with_the_sid_preset()
    {
        var (code, output, error) = _cli.Run("mfcc", Speakers("enroll.list"), "--preset", "sid", "--dither", "0", "-o", _cli.PathOf("e.ark"), "--scp", _cli.PathOf("e.scp"));
        Assert.True(code == 0, error);
        Assert.Contains("15 of 15 utterance(s)", output);
        var utterances = new KaldiScript(_cli.PathOf("e.scp")).ReadUtterances().ToList();
        Assert.Equal(15, utterances.Count);
        Assert.Equal("spk1_enroll1", utterances[0].Key);
        var raw = new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = 0 } }).Compute(WaveReader.Read(Speakers("wav/spk1_enroll1.wav")));
        var expected = PostProcessingOptions.Sid.Apply(raw);
        Assert.Equal(39, utterances[0].Features.Columns);
        Assert.True(expected.Rows < raw.Rows);   // VAD dropped the pauses
        Assert.Equal(expected.Values, utterances[0].Features.Values);
        Assert.Equal(utterances.Select(u => u.Key), new KaldiArchive(_cli.PathOf("e.ark")).ReadUtterances().Select(u => u.Key));
    }

    [Fact]
    public void Archives_scripts_and_lists_feed_fit_score_predict_and_select()
    {
        Assert.Equal(0, _cli.Run("mfcc", Speakers("test.list"), "--dither", "0", "--cmn", "-o", _cli.PathOf("t.ark"), "--scp", _cli.PathOf("t.scp"), "--compress", "-q").Code);
        File.WriteAllText(_cli.PathOf("t.list"), "t.scp\n");
        foreach (string input in new[] { "t.ark", "t.scp", "t.list" })
        {
            var fit = _cli.Run("fit", _cli.PathOf(input), "-k", "4", "-c", "diag", "--seed", "1", "-o", _cli.PathOf(input + ".json"), "-q");
            Assert.True(fit.Code == 0, fit.Err);
            var score = _cli.Run("score", _cli.PathOf(input), "-m", _cli.PathOf(input + ".json"), "--json");
            Assert.True(score.Code == 0, score.Err);
            Assert.Contains("\"mean_log_likelihood\"", score.Out);
            var predict = _cli.Run("predict", _cli.PathOf(input), "-m", _cli.PathOf(input + ".json"), "-o", _cli.PathOf(input + ".labels.npy"));
            Assert.True(predict.Code == 0, predict.Err);
        }
        Assert.Equal(File.ReadAllText(_cli.PathOf("t.ark.json")), File.ReadAllText(_cli.PathOf("t.scp.json")));
        var select = _cli.Run("select", _cli.PathOf("t.scp"), "--components", "1..3", "-c", "diag", "-q");
        Assert.True(select.Code == 0, select.Err);
    }

    [Fact]
    public void Errors_name_the_file_and_exit_2()
    {
        File.WriteAllBytes(_cli.PathOf("bad.wav"), "RIFF\0\0\0\0WAVEfmt "u8.ToArray());
        var bad = _cli.Run("mfcc", _cli.PathOf("bad.wav"), "-o", _cli.PathOf("x.npy"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("bad.wav", bad.Err);
        var rate = _cli.Run("mfcc", SpeechFixtures.Wav("speech_8k.wav"), "-o", _cli.PathOf("x.npy"));
        Assert.Equal(2, rate.Code);
        Assert.Contains("sample rate 8000 Hz", rate.Err);
        Assert.Contains("--num-ceps", _cli.Run("mfcc", SpeechFixtures.Wav("speech_16k.wav"), "-o", _cli.PathOf("x.npy"), "--num-ceps", "40").Err);
        Assert.Contains("HTK file holds one utterance", _cli.Run("mfcc", Speakers("test.list"), "-o", _cli.PathOf("x.htk")).Err);
        Assert.Contains("shorter than one frame", _cli.Run("mfcc", SpeechFixtures.Wav("short_16k.wav"), "-o", _cli.PathOf("x.npy")).Err);
        Assert.False(File.Exists(_cli.PathOf("x.npy")));
        File.WriteAllBytes(_cli.PathOf("cut.ark"), File.ReadAllBytes(WriteArchive())[..40]);
        var cut = _cli.Run("fit", _cli.PathOf("cut.ark"), "-k", "1");
        Assert.Equal(2, cut.Code);
        Assert.Contains("cut.ark: utterance 'u1' at byte", cut.Err);
    }

    private string WriteArchive()
    {
        string path = _cli.PathOf("w.ark");
        using var writer = new KaldiArchiveWriter(path);
        writer.Write("u1", new FeatureMatrix(20, 3, Enumerable.Range(0, 60).Select(i => (float)i).ToArray()));
        return path;
    }
}
