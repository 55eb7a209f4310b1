using System.Diagnostics;

namespace Gmm.Cpu;

/// <summary>
/// Times the four-row log-sum-exp (the library's form) against the points-in-lanes form on every 64-row tile of a
/// dumped n × K float32 log-density matrix, checks the two bit for bit, and times the transposes alone.
/// </summary>
internal static class Program
{
    private const int Kp = 32, TileRows = 64;

    private static int Main(string[] args)
    {
        var raw = File.ReadAllBytes(args[0]);
        int k = int.Parse(args[1]), rounds = args.Length > 2 ? int.Parse(args[2]) : 15;
        var source = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, source, 0, raw.Length);
        int n = source.Length / k;
        var padded = new float[n * Kp];
        for (int b = 0; b < n; b++)
        {
            Array.Copy(source, b * k, padded, b * Kp, k);
            padded.AsSpan(b * Kp + k, Kp - k).Fill(-1e30f); // padding: any finite value (the forms set or skip it)
        }
        float[] tileA = new float[TileRows * Kp], tileB = new float[TileRows * Kp], tileC = new float[TileRows * Kp], weights = new float[TileRows];
        float[] maxA = new float[TileRows], sumA = new float[TileRows], maxB = new float[TileRows], sumB = new float[TileRows];
        float[] maxC = new float[TileRows], sumC = new float[TileRows], tileD = new float[TileRows * Kp], maxD = new float[TileRows], sumD = new float[TileRows];
        float[] scratch = new float[24 * 16];
        Array.Fill(weights, 1f);

        // Bit-for-bit check on every tile.
        long mismatches = 0;
        for (int row = 0; row < n; row += TileRows)
        {
            int rows = Math.Min(TileRows, n - row);
            Array.Copy(padded, row * Kp, tileA, 0, rows * Kp);
            Array.Copy(padded, row * Kp, tileB, 0, rows * Kp);
            Array.Copy(padded, row * Kp, tileC, 0, rows * Kp);
            Array.Copy(padded, row * Kp, tileD, 0, rows * Kp);
            if (PointLanesSquare.Run(tileD, weights, maxD, sumD, scratch, k, rows) != rows) throw new InvalidOperationException();
            int doneA = FourRows.Run(tileA, weights, maxA, sumA, k, rows);
            int doneB = PointLanes.Run(tileB, weights, maxB, sumB, scratch, k, rows);
            int doneC = SixteenRows.Run(tileC, weights, maxC, sumC, scratch, k, rows);
            if (doneA != rows || doneB != rows || doneC != rows) throw new InvalidOperationException($"tile at {row}: {doneA}, {doneB} of {rows}");
            for (int b = 0; b < rows; b++)
            {
                if (BitConverter.SingleToInt32Bits(maxA[b]) != BitConverter.SingleToInt32Bits(maxB[b])) mismatches++;
                if (BitConverter.SingleToInt32Bits(sumA[b]) != BitConverter.SingleToInt32Bits(sumB[b])) mismatches++;
                if (BitConverter.SingleToInt32Bits(maxA[b]) != BitConverter.SingleToInt32Bits(maxC[b])) mismatches++;
                if (BitConverter.SingleToInt32Bits(maxA[b]) != BitConverter.SingleToInt32Bits(maxD[b])) mismatches++;
                if (BitConverter.SingleToInt32Bits(sumA[b]) != BitConverter.SingleToInt32Bits(sumD[b])) mismatches++;
                if (BitConverter.SingleToInt32Bits(sumA[b]) != BitConverter.SingleToInt32Bits(sumC[b])) mismatches++;
                for (int c = 0; c < 24; c++)
                {
                    if (BitConverter.SingleToInt32Bits(tileA[b * Kp + c]) != BitConverter.SingleToInt32Bits(tileB[b * Kp + c])) mismatches++;
                    if (BitConverter.SingleToInt32Bits(tileA[b * Kp + c]) != BitConverter.SingleToInt32Bits(tileC[b * Kp + c])) mismatches++;
                    if (BitConverter.SingleToInt32Bits(tileA[b * Kp + c]) != BitConverter.SingleToInt32Bits(tileD[b * Kp + c])) mismatches++;
                }
            }
        }
        Console.WriteLine($"rows {n}, K {k}: values differing bit for bit (maxima, sums, 24 components a row): {mismatches}");
        if (mismatches != 0) return 1;

        var names = new[] { "copy only", "four-row form", "points in lanes", "transposes only", "sixteen rows", "lanes, 16x16 square", "square transposes only", "transpose in only" };
        var times = new List<double>[names.Length];
        for (int i = 0; i < names.Length; i++) times[i] = [];
        for (int round = -3; round < rounds; round++)
        {
            for (int form = 0; form < names.Length; form++)
            {
                var watch = Stopwatch.StartNew();
                for (int row = 0; row < n; row += TileRows)
                {
                    int rows = Math.Min(TileRows, n - row);
                    Array.Copy(padded, row * Kp, tileA, 0, rows * Kp);
                    if (form == 1) FourRows.Run(tileA, weights, maxA, sumA, k, rows);
                    else if (form == 2) PointLanes.Run(tileA, weights, maxA, sumA, scratch, k, rows);
                    else if (form == 3) PointLanes.TransposesOnly(tileA, scratch, k, rows);
                    else if (form == 4) SixteenRows.Run(tileA, weights, maxA, sumA, scratch, k, rows);
                    else if (form == 5) PointLanesSquare.Run(tileA, weights, maxA, sumA, scratch, k, rows);
                    else if (form == 7) PointLanes.TransposesOnly(tileA, scratch, k, rows, back: false);
                    else if (form == 6) PointLanesSquare.Run(tileA, weights, maxA, sumA, scratch, k, rows, math: false);
                }
                if (round >= 0) times[form].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        double copy = Median(times[0]);
        Console.WriteLine($"{rounds} interleaved rounds over {n} rows, median ms per pass (and less the copy), min:");
        for (int i = 0; i < names.Length; i++)
            Console.WriteLine($"  {names[i],-16} {Median(times[i]),8:F3}  {Median(times[i]) - copy,8:F3}  min {times[i].Min(),8:F3}");
        var paired = times[2].Zip(times[1], (b, a) => (b - a) / (a - copy)).ToList();
        Console.WriteLine($"  points in lanes vs four-row form, paired per round, of the four-row form's log-sum-exp: median {100 * Median(paired):F1} %");
        paired = times[4].Zip(times[1], (b, a) => (b - a) / (a - copy)).ToList();
        Console.WriteLine($"  sixteen rows vs four-row form, paired per round, of the four-row form's log-sum-exp: median {100 * Median(paired):F1} %");
        paired = times[5].Zip(times[1], (b, a) => (b - a) / (a - copy)).ToList();
        Console.WriteLine($"  lanes, 16x16 square vs four-row form, paired per round, of the four-row form's log-sum-exp: median {100 * Median(paired):F1} %");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
