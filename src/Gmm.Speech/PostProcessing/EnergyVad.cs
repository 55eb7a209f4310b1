namespace Gmm.Speech.PostProcessing;

/// <summary>
/// Kaldi's compute-vad (voice-activity-detection.cc): column 0 (the log energy of MFCCs with --use-energy) against
/// threshold + mean-scale · mean(column 0); a frame is voiced when at least proportion-threshold of the frames within
/// ±context (inside the utterance) lie strictly above it.
/// </summary>
public static class EnergyVad
{
    /// <summary>One decision per frame (true = voiced).</summary>
    public static bool[] Compute(FeatureMatrix features, VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int frames = features.Rows;
        var voiced = new bool[frames];
        if (frames == 0) return voiced;
        if (features.Columns == 0) throw new ArgumentException("features have no columns: VAD reads column 0 (the log energy).", nameof(features));
        var energy = new float[frames];
        double total = 0;
        for (int t = 0; t < frames; t++) total += energy[t] = features[t, 0];
        float threshold = (float)(options.EnergyThreshold + (options.EnergyMeanScale != 0 ? options.EnergyMeanScale * total / frames : 0));
        for (int t = 0; t < frames; t++)
        {
            int above = 0, count = 0;
            for (int u = Math.Max(0, t - options.FramesContext); u <= Math.Min(frames - 1, t + options.FramesContext); u++)
            {
                count++;
                if (energy[u] > threshold) above++;
            }
            voiced[t] = above >= count * options.ProportionThreshold;
        }
        return voiced;
    }
}
