using Gmm.Speech.Features;

namespace Gmm.Speech.Ubm;

/// <summary>
/// Kaldi's mixture splitting (DiagGmm::Split): until the mixture has the target number of components, the heaviest
/// component (the first of equal weights) is split in two: both get half its weight, its variances, and means
/// μ − f·z·σ (the original) and μ + f·z·σ (a new last component), z a standard-normal draw per feature and f the
/// perturbation factor (Kaldi's 0.1). A split half may be split again in the same call.
/// </summary>
internal static class MixtureSplitter
{
    /// <summary>The diagonal <paramref name="model"/> grown to <paramref name="target"/> components.</summary>
    /// <exception cref="ArgumentException">A model that is not diagonal, or a target below its component count.</exception>
    public static GaussianMixtureModel Split(GaussianMixtureModel model, int target, double perturbation, GaussianNoise noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.CovarianceType != CovarianceType.Diagonal)
            throw new ArgumentException($"mixture splitting needs a diagonal model, not {model.CovarianceType}.", nameof(model));
        ArgumentOutOfRangeException.ThrowIfLessThan(target, model.ComponentCount);
        int d = model.Dimension;
        var weights = new List<double>(model.WeightsSpan.ToArray());
        var means = new List<double>(model.MeansSpan.ToArray());
        var variances = new List<double>(model.CovariancesSpan.ToArray());
        var z = new float[d];
        while (weights.Count < target)
        {
            int heaviest = 0;
            for (int c = 1; c < weights.Count; c++) if (weights[c] > weights[heaviest]) heaviest = c;
            weights[heaviest] /= 2;
            weights.Add(weights[heaviest]);
            Array.Clear(z);
            noise.AddTo(z, 1f);
            for (int j = 0; j < d; j++)
            {
                double shift = perturbation * z[j] * Math.Sqrt(variances[heaviest * d + j]);
                double mean = means[heaviest * d + j];
                means[heaviest * d + j] = mean - shift;
                means.Add(mean + shift);
            }
            for (int j = 0; j < d; j++) variances.Add(variances[heaviest * d + j]);
        }
        return new GaussianMixtureModel(CovarianceType.Diagonal, [.. weights], [.. means], [.. variances]);
    }
}
