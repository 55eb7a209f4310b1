using Gmm.Speech;
using Gmm.Speech.Adaptation;
using Gmm.Speech.Verification;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>The Kaldi text lists (trials, spk2utt, scores): spaces or tabs between fields, blank lines skipped but counted in the line an error names.</summary>
public sealed class KaldiTextListTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gmm-text-lists").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ListsReadTheirFieldsAndSkipBlankLines()
    {
        var trials = Trial.ReadList(Write("trials", "spk1 utt1 target\n\n  \nspk1\tutt2  nontarget\nspk2 utt3\n"));
        Assert.Equal([new Trial("spk1", "utt1", true), new Trial("spk1", "utt2", false), new Trial("spk2", "utt3", null)], trials);
        var speakers = SpeakerEnrollment.Read(Write("spk2utt", "\nspk1 a b\nspk2\tc\n"));
        Assert.Equal(["spk1", "spk2"], speakers.Select(s => s.Speaker));
        var (scores, labels) = TrialScoreFile.Read(Write("scores", "spk1 utt1 0.5 target\n\nspk1 utt2 -1.25 nontarget\n"));
        Assert.Equal([0.5, -1.25], scores);
        Assert.Equal([true, false], labels);
    }

    [Fact]
    public void ErrorsNameTheLineCountingBlankOnes()
    {
        var trial = Assert.Throws<FeatureFormatException>(() => Trial.ReadList(Write("trials", "spk1 utt1\n\nspk1 utt2 maybe\n")));
        Assert.Contains("line 3: the third field must be 'target' or 'nontarget', not 'maybe'", trial.Message);
        var speaker = Assert.Throws<FeatureFormatException>(() => SpeakerEnrollment.Read(Write("spk2utt", "spk1 a\n\n\nspk1 b\n")));
        Assert.Contains("line 4: speaker 'spk1' is listed twice", speaker.Message);
        var score = Assert.Throws<FeatureFormatException>(() => TrialScoreFile.Read(Write("scores", "\nspk1 utt1 x target\n")));
        Assert.Contains("line 2: 'x' is not a finite number", score.Message);
        Assert.Contains("lists no trials", Assert.Throws<FeatureFormatException>(() => Trial.ReadList(Write("empty", "\n \t\n"))).Message);
    }
}
