namespace Gmm.Tests.Queries;

/// <summary>The query tests' d×d covariance: <c>scale</c> on the diagonal, 0.3·scale between neighbouring features.</summary>
internal static class TridiagonalCovariance
{
    /// <summary>The d×d matrix, row-major.</summary>
    public static double[] Of(int d, double scale)
    {
        var m = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) m[i * d + j] = i == j ? scale : Math.Abs(i - j) == 1 ? 0.3 * scale : 0;
        return m;
    }
}
