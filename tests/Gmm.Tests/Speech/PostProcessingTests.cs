using Gmm.Speech;
using Gmm.Speech.PostProcessing;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>
/// add-deltas, apply-cmvn-sliding and compute-vad against hand computations of Kaldi's formulas on small matrices.
/// (torchaudio.functional.compute_deltas clamps too, but takes the second order as deltas of the clamped deltas, which
/// differs from Kaldi's nine-tap filter at the edges, so it is no reference here.)
/// </summary>
public class PostProcessingTests
{
    private static FeatureMatrix Matrix(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        return new FeatureMatrix(rows, columns, Enumerable.Range(0, rows * columns).Select(_ => (float)Math.Round(random.NextDouble() * 20 - 10, 2)).ToArray());
    }

    [Fact]
    public void Delta_filters_are_kaldis()
    {
        var scales = DeltaFeatures.Scales(new DeltaOptions());
        Assert.Equal([1f], scales[0]);
        Assert.Equal(new[] { -2, -1, 0, 1, 2 }.Select(v => v / 10f), scales[1]);
        // The second order is the first convolved with itself: [4, 4, 1, -4, -10, -4, 1, 4, 4] / 100.
        var expected = new[] { 4, 4, 1, -4, -10, -4, 1, 4, 4 }.Select(v => v / 100f).ToArray();
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i], scales[2][i], 6);
        var window3 = DeltaFeatures.Scales(new DeltaOptions { Window = 3, Order = 1 });
        var expected3 = new[] { -3, -2, -1, 0, 1, 2, 3 }.Select(v => v / 28f).ToArray();
        for (int i = 0; i < 7; i++) Assert.Equal(expected3[i], window3[1][i], 6);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(1, 1)]
    public void Deltas_clamp_edge_frames(int window, int order)
    {
        var x = Matrix(7, 3, 1);
        var result = DeltaFeatures.Compute(x, new DeltaOptions { Window = window, Order = order });
        Assert.Equal((7, 3 * (order + 1)), (result.Rows, result.Columns));
        float At(int t, int j) => x[Math.Clamp(t, 0, x.Rows - 1), j];
        double norm = Enumerable.Range(-window, 2 * window + 1).Sum(n => n * n);
        for (int t = 0; t < 7; t++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(x[t, j], result[t, j]);
                double delta = Enumerable.Range(-window, 2 * window + 1).Sum(n => n * At(t + n, j)) / norm;
                Assert.Equal(delta, result[t, 3 + j], 4);
                if (order < 2) continue;
                // Second order: Σ_n Σ_m n·m·x[clamp(t + n + m)] / norm² (clamped once, on the input).
                double acceleration = 0;
                for (int n = -window; n <= window; n++)
                    for (int m = -window; m <= window; m++) acceleration += n * m * At(t + n + m, j);
                Assert.Equal(acceleration / (norm * norm), result[t, 6 + j], 4);
            }
    }

    [Fact]
    public void Sliding_windows_follow_kaldi_at_both_ends()
    {
        var left = new SlidingCmnOptions { Window = 4, MinWindow = 3 };
        // Not centred: [t − 4, t]; at the start [0, max(t + 1, 3)); never past the end.
        (int, int)[] expectedLeft = [(0, 3), (0, 3), (0, 3), (0, 4), (0, 5), (1, 6), (2, 7), (3, 8), (4, 9), (5, 10)];
        Assert.Equal(expectedLeft, Enumerable.Range(0, 10).Select(t => SlidingCmn.Window(t, 10, left)).ToArray());
        var centred = new SlidingCmnOptions { Window = 4, Center = true };
        (int, int)[] expectedCentred = [(0, 4), (0, 4), (0, 4), (1, 5), (2, 6), (3, 7), (4, 8), (5, 9), (6, 10), (6, 10)];
        Assert.Equal(expectedCentred, Enumerable.Range(0, 10).Select(t => SlidingCmn.Window(t, 10, centred)).ToArray());
        // A window longer than the utterance covers all of it.
        Assert.Equal((0, 3), SlidingCmn.Window(1, 3, new SlidingCmnOptions()));
        Assert.Equal((0, 3), SlidingCmn.Window(2, 3, new SlidingCmnOptions { Center = true, Window = 300 }));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Cmn_subtracts_the_window_mean_and_divides_by_its_deviation(bool center, bool normalizeVariance)
    {
        var x = Matrix(12, 2, 2);
        var options = new SlidingCmnOptions { Window = 5, MinWindow = 2, Center = center, NormalizeVariance = normalizeVariance };
        var y = SlidingCmn.Apply(x, options);
        for (int t = 0; t < 12; t++)
        {
            var (start, end) = SlidingCmn.Window(t, 12, options);
            for (int j = 0; j < 2; j++)
            {
                var window = Enumerable.Range(start, end - start).Select(r => (double)x[r, j]).ToArray();
                double mean = window.Average(), variance = window.Select(v => (v - mean) * (v - mean)).Average();
                double expected = (x[t, j] - mean) / (normalizeVariance ? Math.Sqrt(variance) : 1);
                Assert.Equal(expected, y[t, j], 4);
            }
        }
    }

    [Fact]
    public void Cmn_of_one_frame_with_norm_vars_is_zero()
    {
        var one = new FeatureMatrix(1, 2, [3f, -4f]);
        Assert.Equal([0f, 0f], SlidingCmn.Apply(one, new SlidingCmnOptions { NormalizeVariance = true }).Values);
        Assert.Equal([0f, 0f], SlidingCmn.Apply(one, new SlidingCmnOptions()).Values);
    }

    [Fact]
    public void Vad_thresholds_log_energy_against_its_mean()
    {
        // c0 mean = 10, threshold = 5.5 + 0.5·10 = 10.5: voiced where c0 > 10.5 (strictly).
        float[] c0 = [2, 14, 10.5f, 12, 11, 3, 18, 10];
        var features = new FeatureMatrix(8, 2, c0.SelectMany(v => new[] { v, -v }).ToArray());
        Assert.Equal([false, true, false, true, true, false, true, false], EnergyVad.Compute(features, new VadOptions()));
        // Context 1, proportion 0.6: at least 1.8 of 3 frames above (2 of 2 at the ends, where 1.2 are needed).
        Assert.Equal([false, false, true, true, true, true, false, false],
            EnergyVad.Compute(features, new VadOptions { FramesContext = 1 }));
        // Kaldi's built-in default (5.0) and no mean term: voiced where c0 > 5.
        Assert.Equal(c0.Select(v => v > 5).ToArray(), EnergyVad.Compute(features, new VadOptions { EnergyThreshold = 5, EnergyMeanScale = 0 }));
        Assert.Contains("--vad-proportion-threshold", Assert.Throws<ArgumentOutOfRangeException>(() => EnergyVad.Compute(features, new VadOptions { ProportionThreshold = 1 })).Message);
    }

    [Fact]
    public void Sid_preset_is_deltas_then_cmn_then_voiced_frames_decided_on_raw_c0()
    {
        var raw = Matrix(40, 13, 3);
        for (int t = 0; t < 40; t++) raw[t, 0] = t % 3 == 0 ? 2 : 20;   // mean 14: threshold 12.5
        var sid = PostProcessingOptions.Sid;
        Assert.Equal((3, 2, 300, true, false, 5.5, 0.5), (sid.Deltas!.Window, sid.Deltas.Order, sid.Cmn!.Window, sid.Cmn.Center, sid.Cmn.NormalizeVariance,
            sid.Vad!.EnergyThreshold, sid.Vad.EnergyMeanScale));
        var result = sid.Apply(raw);
        var expected = SlidingCmn.Apply(DeltaFeatures.Compute(raw, sid.Deltas), sid.Cmn)
            .SelectRows(Enumerable.Range(0, 40).Select(t => t % 3 != 0).ToArray());
        Assert.Equal((26, 39), (result.Rows, result.Columns));
        Assert.Equal(expected.Values, result.Values);
        Assert.Same(sid, PostProcessingOptions.Preset("SID"));
        Assert.Contains("--preset 'ivector'", Assert.Throws<ArgumentException>(() => PostProcessingOptions.Preset("ivector")).Message);
    }
}
