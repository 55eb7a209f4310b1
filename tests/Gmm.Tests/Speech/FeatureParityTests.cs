using Xunit;
using Gmm.Speech;
using Gmm.Speech.Audio;
using Gmm.Speech.Features;

namespace Gmm.Tests.Speech;

/// <summary>MFCC and fbank against torchaudio.compliance.kaldi (dither 0, energy floor 0) on every frame of the WAV fixtures.</summary>
public class FeatureParityTests
{
    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        foreach (var c in SpeechFixtures.Cases) data.Add(c.Index);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Features_match_torchaudio_to_1e_3(int index)
    {
        var c = SpeechFixtures.Cases[index];
        var options = c.Options.Where(o => o.Key != "channel").Append(new("dither", "0")).ToList();
        FeatureExtractor extractor = c.Kind == "mfcc" ? new MfccExtractor(KaldiOptionParser.Mfcc(options)) : new FbankExtractor(KaldiOptionParser.Fbank(options));
        int channel = c.Options.TryGetValue("channel", out var ch) ? int.Parse(ch, System.Globalization.CultureInfo.InvariantCulture) : 0;
        FeatureMatrix features = extractor.Compute(WaveReader.Read(SpeechFixtures.Wav(c.Wav)), channel);

        Assert.Equal(c.Frames, features.Rows);
        if (c.Frames == 0) return;
        Assert.Equal(c.Dim, features.Columns);
        double worst = 0;
        int worstAt = 0;
        for (int i = 0; i < c.Values.Length; i++)
        {
            double diff = Math.Abs(features.Values[i] - c.Values[i]);
            if (diff > worst) (worst, worstAt) = (diff, i);
        }
        Assert.True(worst <= 1e-3, $"{c}: frame {worstAt / c.Dim}, feature {worstAt % c.Dim}: ours {features.Values[worstAt]}, torchaudio {c.Values[worstAt]} (|diff| {worst:g3})");
    }
}
