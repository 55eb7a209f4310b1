using Gmm;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Init;

/// <summary>
/// k-means++'s candidate screen (<see cref="CandidateScreen{TV, TP}"/>) at every register width this processor runs and
/// both panel types: the seeds must be those of the plain greedy algorithm (<see cref="KMeansTests.ReferenceSeeds"/>),
/// whatever the screen settles.
/// </summary>
public class CandidateScreenTests
{
    public static TheoryData<int, bool> WidthsAndPanels()
    {
        var data = new TheoryData<int, bool>();
        foreach (int bits in new[] { 128, 256, 512 })
        {
            data.Add(bits, true);
            data.Add(bits, false);
        }
        return data;
    }

    private static DataSample Sample(double[] values, int d, double[]? weights = null) =>
        DataSample.Draw(new InMemoryDataSource<double>(values, d, weights), new Random(0)); // n ≤ MaxPoints: every point, no draws

    private static int[] Seeds(DataSample sample, int k, Random random, int bits, bool single) => (bits, single) switch
    {
        (512, true) => KMeansPlusPlus.Seeds<Simd512<float>, float>(sample, k, random),
        (256, true) => KMeansPlusPlus.Seeds<Simd256<float>, float>(sample, k, random),
        (128, true) => KMeansPlusPlus.Seeds<Simd128<float>, float>(sample, k, random),
        (512, false) => KMeansPlusPlus.Seeds<Simd512<double>, double>(sample, k, random),
        (256, false) => KMeansPlusPlus.Seeds<Simd256<double>, double>(sample, k, random),
        _ => KMeansPlusPlus.Seeds<Simd128<double>, double>(sample, k, random),
    };

    /// <summary>Values as float32 values when <paramref name="single"/> (so float32 panels hold them exactly).</summary>
    private static double[] Values(double[] values, bool single) => single ? Array.ConvertAll(values, v => (double)(float)v) : values;

    [SkippableTheory]
    [MemberData(nameof(WidthsAndPanels))]
    public void Seeds_EqualTheGreedyAlgorithmDoneNaively(int bits, bool single)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        // 1 to 5 candidates per step (k = 1, 3, 12, 40, 120), weights with zeros, n not a multiple of a block.
        foreach (var (k, d, weighted) in new[] { (1, 2, false), (3, 1, true), (12, 3, false), (40, 5, true), (120, 7, false) })
        {
            int n = 2500;
            var weights = weighted ? Enumerable.Range(0, n).Select(i => i % 7 == 3 ? 0 : 0.5 + i % 5).ToArray() : null;
            var sample = Sample(Values(TestData.Blobs(n, d, 9, seed: k, offset: 30), single), d, weights);
            Assert.Equal(KMeansTests.ReferenceSeeds(sample, k, new Random(k)), Seeds(sample, k, new Random(k), bits, single));
        }
    }

    /// <summary>
    /// Tight clusters far from the origin (width a few float32 steps at 1e4, 1e4 apart): the screen settles almost
    /// nothing inside a cluster, the naive loop decides, and the seeds stay distinct and equal to the reference.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(WidthsAndPanels))]
    public void Seeds_TightClustersFarApart_EqualTheReference(int bits, bool single)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        int n = 3000, d = 2;
        var random = new Random(4);
        var values = new double[n * d];
        for (int i = 0; i < values.Length; i++) values[i] = (i / d % 3) * 1e4 + 1e4 + random.Next(8) / 512.0;
        var sample = Sample(Values(values, single), d);
        var reference = KMeansTests.ReferenceSeeds(sample, 6, new Random(2));
        Assert.Equal(6, reference.Distinct().Count());
        Assert.Equal(reference, Seeds(sample, 6, new Random(2), bits, single));
    }

    /// <summary>Many repeated points: distances of exactly 0 to a seed (the screen's floor), ties between candidates.</summary>
    [SkippableTheory]
    [MemberData(nameof(WidthsAndPanels))]
    public void Seeds_RepeatedPoints_EqualTheReference(int bits, bool single)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        int n = 2100, d = 3;
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) values[i * d + j] = (i % 5) * (j + 1) - 0.25;
        var sample = Sample(Values(values, single), d);
        Assert.Equal(KMeansTests.ReferenceSeeds(sample, 8, new Random(6)), Seeds(sample, 8, new Random(6), bits, single));
    }

    /// <summary>
    /// Many clusters and steps (k = 64, d = 39, float32 values: the default fit's shape), with the undecided pairs taken
    /// by the gathered naive loop where the processor has it, and without: both give the reference's seeds, so the two
    /// forms of the naive loop and the per-candidate corrections agree with the plain algorithm.
    /// </summary>
    [SkippableTheory]
    [InlineData(256, true)]
    [InlineData(256, false)]
    [InlineData(512, true)]
    [InlineData(512, false)]
    public void Seeds_ManyClusters_EqualTheReferenceWithAndWithoutGatheredCorrections(int bits, bool gathered)
    {
        Skip.IfNot(SimdWidth.IsAccelerated(bits), $"this processor does not run {bits}-bit registers in hardware.");
        int n = 6000, d = 39, k = 64;
        var weights = Enumerable.Range(0, n).Select(i => i % 11 == 4 ? 0 : 1.0 + i % 3).ToArray();
        var sample = Sample(Values(TestData.Blobs(n, d, 48, seed: 21, offset: 5, separation: 3), true), d, weights);
        var seeds = bits == 512
            ? KMeansPlusPlus.Seeds<Simd512<float>, float>(sample, k, new Random(3), gathered)
            : KMeansPlusPlus.Seeds<Simd256<float>, float>(sample, k, new Random(3), gathered);
        Assert.Equal(KMeansTests.ReferenceSeeds(sample, k, new Random(3)), seeds);
    }
}
