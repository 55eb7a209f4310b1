namespace Gmm.Speech.Features;

/// <summary>
/// MFCCs exactly as Kaldi's compute-mfcc-feats (feature-mfcc.cc): log mel energies (floored at FLT_EPSILON), the
/// orthonormal DCT-II truncated to --num-ceps rows, liftering, and c0 replaced by the log energy when --use-energy.
/// Not thread-safe (see <see cref="FeatureExtractor"/>).
/// </summary>
public sealed class MfccExtractor : FeatureExtractor
{
    private readonly MfccOptions _options;
    private readonly MelBanks _mel;
    private readonly float[] _dct;        // CepstrumCount × BinCount, row-major
    private readonly float[] _lifter;
    private readonly float _logEnergyFloor;
    private readonly float[] _power, _melEnergies;

    /// <summary>Creates an extractor; <paramref name="options"/> are validated here.</summary>
    /// <exception cref="ArgumentException">An option out of range (the message names it).</exception>
    public MfccExtractor(MfccOptions options) : base(Validated(options).Frame)
    {
        _options = options;
        _mel = new MelBanks(options.Mel, options.Frame);
        int bins = options.Mel.BinCount, ceps = options.CepstrumCount;
        _dct = new float[ceps * bins];
        for (int k = 0; k < ceps; k++)
            for (int n = 0; n < bins; n++)
                _dct[k * bins + n] = (float)(k == 0 ? Math.Sqrt(1.0 / bins) : Math.Sqrt(2.0 / bins) * Math.Cos(Math.PI / bins * (n + 0.5) * k));
        _lifter = new float[ceps];
        for (int i = 0; i < ceps; i++)
            _lifter[i] = options.CepstralLifter == 0 ? 1f : (float)(1.0 + 0.5 * options.CepstralLifter * Math.Sin(Math.PI * i / options.CepstralLifter));
        _logEnergyFloor = LogFloor(options.EnergyFloor);
        _power = new float[options.Frame.PaddedWindowSize / 2 + 1];
        _melEnergies = new float[bins];
    }

    /// <summary>The options in use.</summary>
    public MfccOptions Options => _options;

    /// <inheritdoc />
    public override int Dimension => _options.CepstrumCount;

    private protected override void ComputeFrame(FrameAnalyzer analyzer, float rawLogEnergy, Span<float> features)
    {
        float energy = _options.UseEnergy && !_options.RawEnergy ? analyzer.WindowedLogEnergy() : rawLogEnergy;
        analyzer.PowerSpectrum(_power);
        _mel.Compute(_power, _melEnergies);
        for (int i = 0; i < _melEnergies.Length; i++) _melEnergies[i] = MathF.Log(Math.Max(_melEnergies[i], FrameAnalyzer.FloatEpsilon));
        int bins = _melEnergies.Length, ceps = features.Length;
        for (int k = 0; k < ceps; k++)
            features[k] = System.Numerics.Tensors.TensorPrimitives.Dot(_dct.AsSpan(k * bins, bins), _melEnergies) * _lifter[k];
        if (_options.UseEnergy)
        {
            if (energy < _logEnergyFloor) energy = _logEnergyFloor;   // false when there is no floor (NaN)
            features[0] = energy;
        }
        if (_options.HtkCompatible)
        {
            float c0 = features[0];
            features[1..].CopyTo(features);
            features[^1] = _options.UseEnergy ? c0 : c0 * MathF.Sqrt(2f);
        }
    }

    private static MfccOptions Validated(MfccOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
