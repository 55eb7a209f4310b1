using System.Numerics;

namespace Gmm.Cli.Formats;

/// <summary>
/// Compiles what the summary's BIC runs before the summary needs it: on a background thread, a few synthetic points of
/// the file's float type are scored (<see cref="GaussianMixtureModel.ScoreSamples{T}(ReadOnlySpan{T}, Span{double})"/>)
/// under a synthetic model of the fit's covariance type, k and d. That call takes the BIC's path: the query loop and its
/// closures (generic over the float type, so not in the ReadyToRun images), the first thread-pool workers of its
/// parallel loop, a pooled query lane, and the float64 CPU kernel of that covariance type in the same register width
/// (<c>[AggressiveOptimization]</c>, compiled fully optimised on first call), with the same k and d so that the same
/// k- and d-dependent loops run and the pooled lane's kernel is the one the BIC reuses. Started by <c>gmm fit</c> when
/// its summary will be printed, the compilation overlaps the fit instead of following it (docs/architecture.md,
/// "The tool's start-up"); the CPU time is the same, spent earlier. The summary's numbers do not depend on it: a lane
/// reloads the model for every block, and a warm-up that fails or has not finished only leaves the compilation to the BIC.
/// </summary>
internal static class ScoreWarmUp
{
    /// <summary>Synthetic points: two whole 64-point tiles of the CPU kernels and a partial one.</summary>
    internal const int Rows = 2 * 64 + 5;

    /// <summary>
    /// Largest model warmed, in covariance values × d (the order of the cost of its Cholesky factors, which the synthetic
    /// model computes): past it, building the model costs more than the compilation it moves.
    /// </summary>
    internal const long MaximumModelCost = 1L << 24;

    /// <summary>
    /// Starts the warm-up for points of type <typeparamref name="T"/> and a model of <paramref name="type"/>,
    /// <paramref name="components"/> and <paramref name="dimension"/>; returns its thread, or null when the shape is not
    /// worth warming (<see cref="IsWorthWarming"/>). The thread is a background thread and never throws.
    /// </summary>
    public static Thread? Start<T>(CovarianceType type, int components, int dimension) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsWorthWarming(type, components, dimension)) return null;
        var thread = new Thread(() =>
        {
            try
            {
                Run<T>(type, components, dimension);
            }
            catch (Exception)
            {
                // Nothing to report: the BIC compiles its code itself, as without a warm-up.
            }
        })
        {
            IsBackground = true,
            Name = "gmm score warm-up",
        };
        thread.Start();
        return thread;
    }

    /// <summary>Whether a warm-up of this shape is worth starting: a valid shape whose synthetic model is cheap to build.</summary>
    internal static bool IsWorthWarming(CovarianceType type, int components, int dimension) =>
        Enum.IsDefined(type) && components >= 1 && dimension >= 1
        && (double)CovarianceLength(type, components, dimension) * dimension <= MaximumModelCost
        && (long)components * dimension <= MaximumModelCost
        && (long)Rows * dimension <= MaximumModelCost;

    /// <summary>The warm-up itself: the log-densities of <see cref="Rows"/> synthetic points under <see cref="Model"/>.</summary>
    internal static double[] Run<T>(CovarianceType type, int components, int dimension) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scores = new double[Rows];
        Model(type, components, dimension).ScoreSamples<T>(Points<T>(components, dimension), scores);
        return scores;
    }

    /// <summary>Equal weights, the mean of component c at c·(1, …, 1), unit covariances.</summary>
    internal static GaussianMixtureModel Model(CovarianceType type, int components, int dimension)
    {
        int k = components, d = dimension;
        var covariances = new double[CovarianceLength(type, k, d)];
        if (type is CovarianceType.Full or CovarianceType.Tied)
            for (int c = 0; c < (type == CovarianceType.Full ? k : 1); c++)
                for (int j = 0; j < d; j++) covariances[(long)c * d * d + j * d + j] = 1;
        else
            Array.Fill(covariances, 1.0);
        var weights = new double[k];
        Array.Fill(weights, 1.0 / k);
        var means = new double[k * d];
        for (int c = 0; c < k; c++) means.AsSpan(c * d, d).Fill(c);
        return new GaussianMixtureModel(type, weights, means, covariances);
    }

    /// <summary><see cref="Rows"/> points (row-major): point r at its component's mean (r mod k) ± 0.25 in each feature.</summary>
    internal static T[] Points<T>(int components, int dimension) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var points = new T[Rows * dimension];
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < dimension; j++)
                points[r * dimension + j] = T.CreateTruncating(r % components + ((r + j) % 2 == 0 ? 0.25 : -0.25));
        return points;
    }

    private static long CovarianceLength(CovarianceType type, int k, int d) => type switch
    {
        CovarianceType.Full => (long)k * d * d,
        CovarianceType.Tied => (long)d * d,
        CovarianceType.Diagonal => (long)k * d,
        _ => k,
    };
}
