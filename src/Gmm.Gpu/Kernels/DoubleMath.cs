// float64 exp and log for the E-step kernels, in straight-line arithmetic a GPU runs at its FP64 rate.
// ILGPU 1.5.3's XMath.Exp/Log(double) are CORDIC loops on PTX (eight device functions, dozens of dependent
// iterations per call): the float64 E-step ran ~75× slower than float32 for diag. These are ≤ 2 ulp:
//   exp: x = n·ln2 + r (Cody–Waite, |r| ≤ ln2/2), e^r by its degree-13 Taylor polynomial (truncation < 1e-17
//        relative), times 2^n built from exponent bits in two factors (so subnormal results round once, correctly
//        enough, and 2^n never overflows an exponent field).
//   log: x = 2^e·m with m in [√½, √2), ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172, odd series to s^23.
// On the CPU accelerator they run as plain C#, so tests compare them with Math.Exp/Math.Log directly.
using ILGPU;

namespace Gmm.Gpu.Kernels;

/// <summary>Branch-light float64 exp and log for kernels (exp ≤ 1 ulp, log ≤ 2 ulp; NaN, ±∞, 0 and subnormals as IEEE).</summary>
internal static class DoubleMath
{
    private const double Log2E = 1.4426950408889634;
    // ln 2 split so that n·Ln2Hi is exact for |n| < 2^20 (fdlibm's constants).
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double ExpOverflow = 709.782712893384;   // ln(double.MaxValue)
    private const double ExpUnderflow = -745.2;            // below ln(2^-1075): rounds to 0
    private const double Sqrt2 = 1.4142135623730951;
    private const double TwoTo54 = 18014398509481984.0;

    /// <summary>e^x.</summary>
    public static double Exp(double x)
    {
        if (!(x > ExpUnderflow)) return double.IsNaN(x) ? x : 0.0; // NaN stays NaN; −∞ and deep underflow give 0
        if (x > ExpOverflow) return double.PositiveInfinity;
        int n = (int)(x * Log2E + (x >= 0.0 ? 0.5 : -0.5)); // nearest integer to x/ln2, |n| ≤ 1075
        double r = x - n * Ln2Hi - n * Ln2Lo;
        double p = 1.0 / 6227020800.0;                     // 1/13!
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        int half = n >> 1;                                 // 2^n = 2^half · 2^(n−half), each a normal number
        return p * PowerOfTwo(half) * PowerOfTwo(n - half);
    }

    /// <summary>ln x (NaN for x &lt; 0 or NaN, −∞ for ±0, +∞ for +∞).</summary>
    public static double Log(double x)
    {
        if (!(x > 0.0)) return x == 0.0 ? double.NegativeInfinity : double.NaN;
        if (x == double.PositiveInfinity) return x;
        int bias = 1023;
        if (x < 2.2250738585072014e-308) { x *= TwoTo54; bias += 54; } // subnormal: make it normal first
        ulong bits = Interop.FloatAsInt(x);
        int e = (int)(bits >> 52) - bias;
        double m = Interop.IntAsFloat((bits & 0x000F_FFFF_FFFF_FFFFUL) | 0x3FF0_0000_0000_0000UL); // [1, 2)
        if (m > Sqrt2) { m *= 0.5; e++; }
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double q = 1.0 / 23;
        q = q * s2 + 1.0 / 21;
        q = q * s2 + 1.0 / 19;
        q = q * s2 + 1.0 / 17;
        q = q * s2 + 1.0 / 15;
        q = q * s2 + 1.0 / 13;
        q = q * s2 + 1.0 / 11;
        q = q * s2 + 1.0 / 9;
        q = q * s2 + 1.0 / 7;
        q = q * s2 + 1.0 / 5;
        q = q * s2 + 1.0 / 3;
        double logM = 2.0 * s + 2.0 * s * s2 * q;          // 2·atanh(s)
        return e * Ln2Hi + (e * Ln2Lo + logM);
    }

    /// <summary>2^n for −1022 ≤ n ≤ 1023, from its exponent bits.</summary>
    private static double PowerOfTwo(int n) => Interop.IntAsFloat((ulong)(n + 1023) << 52);
}
