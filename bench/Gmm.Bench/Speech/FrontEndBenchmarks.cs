using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Gmm.Speech;
using Gmm.Speech.Features;
using Gmm.Speech.PostProcessing;

namespace Gmm.Bench.Speech;

/// <summary>
/// The speech front end on one core: 10 s of 16 kHz speech-like audio through Kaldi-default MFCC (dither 1), MFCC +
/// deltas (order 2, window 2) + sliding CMN (window 600), the sid preset (deltas window 3, centred CMN 300, VAD) and
/// fbank. The "x real time" column is audio seconds per second of compute.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class FrontEndBenchmarks
{
    private const int Rate = 16000;
    private const double Seconds = 10;
    private float[] _audio = null!;
    private MfccExtractor _mfcc = null!;
    private FbankExtractor _fbank = null!;
    private static readonly PostProcessingOptions DeltasAndCmn = new() { Deltas = new DeltaOptions(), Cmn = new SlidingCmnOptions() };

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(Seconds));
    }

    /// <summary>Audio and extractors.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int n = (int)(Rate * Seconds);
        _audio = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / Rate, f0 = 120 + 40 * Math.Sin(2 * Math.PI * 1.3 * t);
            phase += 2 * Math.PI * f0 / Rate;
            double voiced = Math.Sin(phase) + 0.5 * Math.Sin(2 * phase) + 0.3 * Math.Sin(3 * phase);
            _audio[i] = (float)(6000 * voiced * Math.Max(0, Math.Sin(2 * Math.PI * 2.2 * t)) + 50 * (random.NextDouble() - 0.5));
        }
        _mfcc = new MfccExtractor(new MfccOptions());
        _fbank = new FbankExtractor(new FbankOptions());
    }

    /// <summary>compute-mfcc-feats with Kaldi's defaults.</summary>
    [Benchmark(Baseline = true, Description = "MFCC (13)")]
    public int Mfcc() => _mfcc.Compute(_audio).Rows;

    /// <summary>MFCC, add-deltas, apply-cmvn-sliding.</summary>
    [Benchmark(Description = "MFCC + deltas + CMN (39)")]
    public int MfccDeltasCmn() => DeltasAndCmn.Apply(_mfcc.Compute(_audio)).Rows;

    /// <summary>MFCC through the sid preset.</summary>
    [Benchmark(Description = "MFCC + sid preset (39, VAD)")]
    public int MfccSid() => PostProcessingOptions.Sid.Apply(_mfcc.Compute(_audio)).Rows;

    /// <summary>compute-fbank-feats with Kaldi's defaults.</summary>
    [Benchmark(Description = "fbank (23)")]
    public int Fbank() => _fbank.Compute(_audio).Rows;
}
