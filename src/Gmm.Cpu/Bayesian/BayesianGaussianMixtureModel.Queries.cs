using System.Numerics;

namespace Gmm;

// Queries on a fitted variational mixture, as scikit-learn's BayesianGaussianMixture computes them: through the
// variational E-step (expected log weights, expected log-determinants, the d/β terms), not the point-estimate density.
// They compute in float64 whatever the input type.
public sealed partial class BayesianGaussianMixtureModel
{
    /// <summary>
    /// Per-point log Σ_k exp(E[log π_k] + E[log N(x | k)]) (n) of n×d row-major <paramref name="data"/>, natural log
    /// (scikit-learn's score_samples: the variational E-step's normaliser, not a normalised density).
    /// </summary>
    public double[] ScoreSamples<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = ExpectationModel.ScoreSamples(data);
        for (int i = 0; i < result.Length; i++) result[i] += LogNormalizer;
        return result;
    }

    /// <summary>Mean of <see cref="ScoreSamples{T}(ReadOnlySpan{T})"/>, weighted by <paramref name="sampleWeights"/> (n) when given.</summary>
    public double Score<T>(ReadOnlySpan<T> data, ReadOnlySpan<T> sampleWeights = default) where T : unmanaged, IFloatingPointIeee754<T> =>
        ExpectationModel.Score(data, sampleWeights) + LogNormalizer;

    /// <summary>Mean of the per-point scores over a (possibly streamed) source, weighted by its sample weights.</summary>
    public double Score<T>(IDataSource<T> data) where T : unmanaged, IFloatingPointIeee754<T> => ExpectationModel.Score(data) + LogNormalizer;

    /// <summary>Most probable component of each point under the variational responsibilities (n labels in 0..k−1).</summary>
    public int[] Predict<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T> => ExpectationModel.Predict(data);

    /// <summary>The variational responsibilities of each point (n×k, row-major; rows sum to 1).</summary>
    public double[] PredictProbabilities<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        ExpectationModel.PredictProbabilities(data);

    /// <summary>
    /// Draws <paramref name="count"/> points from the point estimates (<see cref="PointEstimate"/>), as scikit-learn's
    /// sample: Points count×d row-major, grouped by component, and the component of each. The same seed gives the same draw.
    /// </summary>
    public (double[] Points, int[] Labels) Sample(int count, int seed = 0) => PointEstimate.Sample(count, seed);
}
