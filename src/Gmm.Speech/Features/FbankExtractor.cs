namespace Gmm.Speech.Features;

/// <summary>
/// Log mel filterbank energies exactly as Kaldi's compute-fbank-feats (feature-fbank.cc), with an optional log-energy
/// column (first, or last with --htk-compat). Not thread-safe (see <see cref="FeatureExtractor"/>).
/// </summary>
public sealed class FbankExtractor : FeatureExtractor
{
    private readonly FbankOptions _options;
    private readonly MelBanks _mel;
    private readonly float _logEnergyFloor;
    private readonly float[] _power;

    /// <summary>Creates an extractor; <paramref name="options"/> are validated here.</summary>
    /// <exception cref="ArgumentException">An option out of range (the message names it).</exception>
    public FbankExtractor(FbankOptions options) : base(Validated(options).Frame)
    {
        _options = options;
        _mel = new MelBanks(options.Mel, options.Frame);
        _logEnergyFloor = LogFloor(options.EnergyFloor);
        _power = new float[options.Frame.PaddedWindowSize / 2 + 1];
    }

    /// <summary>The options in use.</summary>
    public FbankOptions Options => _options;

    /// <inheritdoc />
    public override int Dimension => _options.Mel.BinCount + (_options.UseEnergy ? 1 : 0);

    private protected override void ComputeFrame(FrameAnalyzer analyzer, float rawLogEnergy, Span<float> features)
    {
        float energy = _options.UseEnergy && !_options.RawEnergy ? analyzer.WindowedLogEnergy() : rawLogEnergy;
        analyzer.PowerSpectrum(_power);
        if (!_options.UsePower)
            for (int i = 0; i < _power.Length; i++) _power[i] = MathF.Sqrt(_power[i]);
        int offset = _options.UseEnergy && !_options.HtkCompatible ? 1 : 0;
        var mel = features.Slice(offset, _options.Mel.BinCount);
        _mel.Compute(_power, mel);
        if (_options.UseLogFbank)
            for (int i = 0; i < mel.Length; i++) mel[i] = MathF.Log(Math.Max(mel[i], FrameAnalyzer.FloatEpsilon));
        if (_options.UseEnergy)
        {
            if (energy < _logEnergyFloor) energy = _logEnergyFloor;
            features[_options.HtkCompatible ? _options.Mel.BinCount : 0] = energy;
        }
    }

    private static FbankOptions Validated(FbankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
