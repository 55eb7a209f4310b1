using Gmm.Speech;
using Gmm.Speech.Features;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>MFCC/fbank behaviour beyond the torchaudio fixtures: framing, dither, option checks.</summary>
public class FeatureExtractorTests
{
    private static float[] Tone(int n, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => (float)(3000 * Math.Sin(i * 0.05) + 200 * (random.NextDouble() - 0.5))).ToArray();
    }

    [Theory]
    [InlineData(399, true, 0)]
    [InlineData(400, true, 1)]
    [InlineData(559, true, 1)]
    [InlineData(560, true, 2)]
    [InlineData(16000, true, 98)]
    [InlineData(79, false, 0)]
    [InlineData(80, false, 1)]
    [InlineData(300, false, 2)]
    [InlineData(16000, false, 100)]
    public void Frame_counts_follow_kaldi(int samples, bool snipEdges, int frames)
    {
        var options = new FrameOptions { SnipEdges = snipEdges, Dither = 0 };
        Assert.Equal(frames, options.FrameCount(samples));
        var features = new MfccExtractor(new MfccOptions { Frame = options }).Compute(Tone(samples));
        Assert.Equal(frames, features.Rows);
        Assert.Equal(frames == 0 ? 0 : 13, features.Columns);
    }

    [Fact]
    public void Dither_is_seeded()
    {
        var signal = Tone(4000);
        FeatureMatrix Run(int seed, double dither) =>
            new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = dither, DitherSeed = seed } }).Compute(signal);
        var a = Run(7, 1.0);
        Assert.Equal(a.Values, Run(7, 1.0).Values);
        Assert.NotEqual(a.Values, Run(8, 1.0).Values);
        var plain = Run(7, 0.0);
        Assert.NotEqual(a.Values, plain.Values);
        // Dither of 1 on a signal of amplitude 3000 moves log energies by far less than their spread.
        Assert.All(Enumerable.Range(0, a.Rows), r => Assert.Equal(plain[r, 0], a[r, 0], 0.01));
        // A silent signal gives finite features with dither, and the log of FLT_EPSILON without it.
        var silent = new float[1600];
        Assert.All(Run(1, 1.0).Values, v => Assert.True(float.IsFinite(v)));
        var zero = new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = 0 } }).Compute(silent);
        Assert.Equal(MathF.Log(1.1920929e-07f), zero[0, 0]);
    }

    [Fact]
    public void Options_out_of_range_name_the_kaldi_option()
    {
        static string Error(Action a) => Assert.ThrowsAny<ArgumentException>(a).Message;
        Assert.Contains("--num-ceps", Error(() => new MfccExtractor(new MfccOptions { CepstrumCount = 30 })));
        Assert.Contains("--num-mel-bins", Error(() => new FbankExtractor(new FbankOptions { Mel = new MelOptions { BinCount = 2 } })));
        Assert.Contains("--high-freq", Error(() => new MfccExtractor(new MfccOptions { Mel = new MelOptions { HighFrequency = 9000 } })));
        Assert.Contains("--low-freq", Error(() => new MfccExtractor(new MfccOptions { Mel = new MelOptions { LowFrequency = 8000 } })));
        Assert.Contains("--num-mel-bins", Error(() => new FbankExtractor(new FbankOptions { Mel = new MelOptions { BinCount = 200 } })));
        Assert.Contains("--frame-length", Error(() => new MfccExtractor(new MfccOptions { Frame = new FrameOptions { FrameLengthMs = 0.05 } })));
        Assert.Contains("--preemphasis-coefficient", Error(() => new MfccExtractor(new MfccOptions { Frame = new FrameOptions { PreemphasisCoefficient = 1.5 } })));
        Assert.Contains("--dither", Error(() => new MfccExtractor(new MfccOptions { Frame = new FrameOptions { Dither = -1 } })));
        Assert.Contains("--window-type 'kaiser'", Error(() => KaldiOptionParser.Mfcc([new("window-type", "kaiser")])));
        Assert.Contains("--use-log-fbank is not an option of compute-mfcc-feats", Error(() => KaldiOptionParser.Mfcc([new("use-log-fbank", "true")])));
        Assert.Contains("--snip-edges 'maybe'", Error(() => KaldiOptionParser.Fbank([new("--snip-edges", "maybe")])));
    }

    [Fact]
    public void Option_names_map_onto_the_options()
    {
        var mfcc = KaldiOptionParser.Mfcc([new("--num-ceps", "20"), new("window-type", "hamming"), new("snip-edges", "false"), new("high-freq", "-400"),
            new("sample-frequency", "8000"), new("use-energy", "false"), new("cepstral-lifter", "0"), new("dither", "0.5")]);
        Assert.Equal(20, mfcc.CepstrumCount);
        Assert.Equal(WindowType.Hamming, mfcc.Frame.WindowType);
        Assert.False(mfcc.Frame.SnipEdges);
        Assert.Equal(-400, mfcc.Mel.HighFrequency);
        Assert.Equal(8000, mfcc.Frame.SampleFrequency);
        Assert.False(mfcc.UseEnergy);
        Assert.Equal(0, mfcc.CepstralLifter);
        Assert.Equal(0.5, mfcc.Frame.Dither);
        var fbank = KaldiOptionParser.Fbank([new("num-mel-bins", "40"), new("use-energy", "true"), new("use-power", "false")]);
        Assert.Equal(41, new FbankExtractor(fbank).Dimension);
        Assert.False(fbank.UsePower);
    }

    [Fact]
    public void Kaldi_defaults()
    {
        var o = new MfccOptions();
        Assert.Equal((16000.0, 25.0, 10.0, 1.0, 0.97, true, WindowType.Povey, true, true),
            (o.Frame.SampleFrequency, o.Frame.FrameLengthMs, o.Frame.FrameShiftMs, o.Frame.Dither, o.Frame.PreemphasisCoefficient,
             o.Frame.RemoveDcOffset, o.Frame.WindowType, o.Frame.RoundToPowerOfTwo, o.Frame.SnipEdges));
        Assert.Equal((23, 20.0, 0.0, 13, 22.0, true, true, 0.0, false),
            (o.Mel.BinCount, o.Mel.LowFrequency, o.Mel.HighFrequency, o.CepstrumCount, o.CepstralLifter, o.UseEnergy, o.RawEnergy, o.EnergyFloor, o.HtkCompatible));
        Assert.Equal((400, 160, 512), (o.Frame.WindowSize, o.Frame.WindowShift, o.Frame.PaddedWindowSize));
    }

    [Fact]
    public void Energy_floor_applies_to_the_energy_column()
    {
        var silent = new float[800];
        var options = new MfccOptions { Frame = new FrameOptions { Dither = 0 }, EnergyFloor = 1.0 };
        Assert.Equal(0f, new MfccExtractor(options).Compute(silent)[0, 0]);
        var fbank = new FbankExtractor(new FbankOptions { Frame = new FrameOptions { Dither = 0 }, UseEnergy = true, EnergyFloor = Math.E, HtkCompatible = true });
        Assert.Equal(1f, fbank.Compute(silent)[0, 23], 6);
    }
}
