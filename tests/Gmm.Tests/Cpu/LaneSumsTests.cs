using Gmm.Cpu;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// <see cref="LaneSums"/>, which adds each lane's float64 sums into the statistics once per lane and iteration in
/// place of the generic TensorPrimitives.Add (docs/benchmarks.md, "The variational iteration's host code"): the same
/// element-wise additions, bit for bit, and nothing past the lane's length. The backend's statistics as the per-lane
/// sums added in lane order: <see cref="LaneDispatchTests"/>.
/// </summary>
public class LaneSumsTests
{
    [Fact]
    public void LaneSumsAddElementWiseExactlyAsTheVectorAddDid()
    {
        var random = new Random(5);
        foreach (int length in new[] { 1, 7, 8, 20, 320, 333 })
        {
            var sums = Enumerable.Range(0, length + 3).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))).ToArray();
            var lane = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))).ToArray();
            var expected = (double[])sums.Clone();
            System.Numerics.Tensors.TensorPrimitives.Add(expected.AsSpan(0, length), lane, expected.AsSpan(0, length));
            var tail = sums[length..];

            LaneSums.AddInto(sums, lane);

            for (int i = 0; i < length; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(sums[i]));
            Assert.Equal(tail, sums[length..]); // past the lane's length: untouched
        }
    }

    [Fact]
    public void ASumsArrayShorterThanTheLaneIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LaneSums.AddInto(new double[3], new double[4]));
}
