using System.Text.Json;
using Gmm.Speech.Evaluation;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>EER as Kaldi's compute-eer, minDCF against Kaldi's compute_min_dcf.py (fixture), the DET curve.</summary>
public class DetectionMetricsTests
{
    [Fact]
    public void Eer_follows_compute_eer()
    {
        // Targets 1..4, non-targets 0, 2.5, 5 (n_tgt 4, n_non 3). Position 0: non-target index 3 − 1 − 0 = 2 (5) ≥ 1;
        // position 1: 2 − ⌊3·1/4⌋ = 2 (5) ≥ 2; position 2: 2 − ⌊1.5⌋ = 1 (2.5) < 3: EER 2/4 at threshold 3.
        var eer = DetectionMetrics.EqualErrorRate([1, 2, 3, 4, 0, 2.5, 5], [true, true, true, true, false, false, false]);
        Assert.Equal(new EqualErrorRate(0.5, 3), eer);
        // Perfect separation: position 0 already passes.
        Assert.Equal(new EqualErrorRate(0, 10), DetectionMetrics.EqualErrorRate([10, 11, -1, 0], [true, true, false, false]));
        // Every target below every non-target: the last position.
        Assert.Equal(new EqualErrorRate(0.5, 2), DetectionMetrics.EqualErrorRate([1, 2, 5, 6], [true, true, false, false]));
    }

    [Fact]
    public void Min_dcf_equals_kaldis_script()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SpeechFixtures.Folder, "verification", "min_dcf.json")));
        int checkedCosts = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var scores = c.GetProperty("scores").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var labels = c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray();
            foreach (var cost in c.GetProperty("costs").EnumerateArray())
            {
                var actual = DetectionMetrics.MinimumDetectionCost(scores, labels, cost.GetProperty("p_target").GetDouble(),
                    cost.GetProperty("c_miss").GetDouble(), cost.GetProperty("c_fa").GetDouble());
                Assert.Equal(cost.GetProperty("min_dcf").GetDouble(), actual.Value, 12);
                Assert.Equal(cost.GetProperty("threshold").GetDouble(), actual.Threshold);
                checkedCosts++;
            }
        }
        Assert.Equal(9, checkedCosts);
    }

    [Fact]
    public void Det_curve_has_one_point_per_distinct_score()
    {
        var curve = DetectionMetrics.DetCurve([3, 1, 2, 2, 0], [true, false, true, false, false]);
        Assert.Equal(
        [
            new OperatingPoint(0, 0, 1 - 1.0 / 3),
            new OperatingPoint(1, 0, 1 - 2.0 / 3),
            new OperatingPoint(2, 0.5, 0),
            new OperatingPoint(3, 1, 0),
        ], curve);
    }

    [Fact]
    public void Bad_lists_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DetectionMetrics.EqualErrorRate([1, 2], [true]));
        Assert.Contains("no non-target", Assert.Throws<ArgumentException>(() => DetectionMetrics.EqualErrorRate([1, 2], [true, true])).Message);
        Assert.Throws<ArgumentException>(() => DetectionMetrics.EqualErrorRate([double.NaN, 2], [true, false]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionMetrics.MinimumDetectionCost([1, 2], [true, false], 1));
    }
}
