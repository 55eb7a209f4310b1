namespace Gmm.Benchmarking;

/// <summary>
/// Useful floating-point operations of one EM iteration's E-step + statistics, counted analytically (a multiply-add
/// is 2). The kernels execute more than this: the statistics pass recomputes the log-densities it needs instead of
/// storing an n×k matrix, and that extra work is not counted.
/// <list type="bullet">
/// <item>diag/spherical: n·k·(8d + 5). Per (point, component, feature): 4 for the log-density term (x−μ)²·p
/// (subtract, multiply, multiply-add) and 4 for the statistics (r·(x−μ), add into F, multiply-add into S);
/// per (point, component) ~5 for the constant, exp and normalisation.</item>
/// <item>full: n·k·(2d² + 5d + 5): d(d+1)/2 multiply-adds for the triangular product ‖(x−μ_k)U_k‖² and
/// d(d+1)/2 for the rank update of S_k's upper triangle (≈ d² each), plus the d-long differences and F.</item>
/// <item>tied: n·(2d² + 2d) + n·k·(8d + 5): one triangular projection and one scatter per point, then the diagonal-form pass.</item>
/// </list>
/// </summary>
public static class FlopModel
{
    /// <summary>Useful FLOPs of one iteration on n points of dimension d with k components.</summary>
    public static double PerIteration(CovarianceType type, long n, int d, int k) => type switch
    {
        CovarianceType.Full => (double)n * k * (2.0 * d * d + 5.0 * d + 5),
        CovarianceType.Tied => (double)n * (2.0 * d * d + 2.0 * d) + (double)n * k * (8.0 * d + 5),
        _ => (double)n * k * (8.0 * d + 5),
    };

    /// <summary>The counting rule in one line, for table footers.</summary>
    public const string Formula = "diag/spherical n·k·(8d+5); full n·k·(2d²+5d+5); tied n·(2d²+2d) + n·k·(8d+5)";
}
