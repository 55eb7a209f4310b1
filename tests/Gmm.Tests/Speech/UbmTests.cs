using Gmm;
using Gmm.Speech.Features;
using Gmm.Speech.Ubm;
using Gmm.Tests.Gpu;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>UBM training as Kaldi's recipe: splitting, its schedule, frame sampling, flooring and removal in the M-step.</summary>
public class UbmTests
{
    [Fact]
    public void Splitting_halves_the_heaviest_component_and_perturbs_its_mean_by_a_tenth_of_sigma()
    {
        var model = new GaussianMixtureModel(CovarianceType.Diagonal, [0.5, 0.3, 0.2], [0, 0, 10, 10, -10, 5], [4, 1, 1, 1, 1, 1]);
        var split = MixtureSplitter.Split(model, 5, 0.1, new GaussianNoise(7));
        Assert.Equal([0.25, 0.15, 0.2, 0.25, 0.15], split.Weights);   // 0 first, then 1 (0.3 > the halves of 0)
        var z = new float[4];
        new GaussianNoise(7).AddTo(z, 1f);                               // the draws of the two splits, in order
        double[] sigma = [2, 1];
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(0 - 0.1 * z[j] * sigma[j], split.Means[j], 12);        // the original moves by −f·z·σ
            Assert.Equal(0 + 0.1 * z[j] * sigma[j], split.Means[3 * 2 + j], 12); // the new last component by +f·z·σ
            Assert.Equal(10 - 0.1 * z[2 + j], split.Means[2 + j], 12);
            Assert.Equal(10 + 0.1 * z[2 + j], split.Means[4 * 2 + j], 12);
        }
        Assert.Equal([4, 1, 1, 1, 1, 1, 4, 1, 1, 1], split.Covariances);      // variances copied
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSplitter.Split(model, 2, 0.1, new GaussianNoise(1)));
    }

    [Fact]
    public void The_mixture_grows_on_Kaldis_schedule()
    {
        var data = Clusters(n: 4000, d: 3, clusters: 8, seed: 1);
        var reports = new List<UbmProgress>();
        var options = new UbmOptions { ComponentCount = 16, InitializationIterations = 6, Iterations = 2, Subsample = 1, MinGaussianOccupancy = 0, MinGaussianWeight = 0 };
        var result = new UbmTrainer(options).Train(new InMemoryDataSource<double>(data, 3), new Sink<UbmProgress>(reports.Add));
        // G₀ = 8, then (16 − 8) / (6 / 2) = 2 more after each initialisation iteration until 16.
        Assert.Equal([10, 12, 14, 16], reports.Where(r => r.IsSplit).Select(r => r.SplitTo));
        Assert.Equal([8, 10, 12, 14, 16, 16], reports.Where(r => r.Phase == UbmPhase.Initialization && !r.IsSplit).Select(r => r.Components));
        Assert.Equal(2, reports.Count(r => r.Phase == UbmPhase.Training));
        Assert.Equal(16, result.Model.ComponentCount);
        Assert.Equal(4000, result.TrainingFrames);
        var likelihoods = reports.Where(r => r.Phase == UbmPhase.Training).Select(r => r.LogLikelihood).ToArray();
        Assert.True(likelihoods[1] >= likelihoods[0] - 1e-9);
        Assert.Equal(likelihoods[1], result.LogLikelihood);
    }

    [Fact]
    public void Training_subsamples_frames_and_samples_the_initialisation()
    {
        var data = Clusters(n: 3001, d: 2, clusters: 4, seed: 2);
        var options = new UbmOptions { ComponentCount = 4, InitializationFrames = 500, InitializationIterations = 2, Iterations = 1, Subsample = 3 };
        var result = new UbmTrainer(options).Train(new InMemoryDataSource<double>(data, 2));
        Assert.Equal(500, result.InitializationFrames);
        Assert.Equal(1001, result.TrainingFrames);
        var picked = new SubsampledDataSource<double>(new InMemoryDataSource<double>(data, 2), 3).GetChunks(7).SelectMany(c => c.Values.ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 1001).SelectMany(i => new[] { data[6 * i], data[6 * i + 1] }), picked);
    }

    [Fact]
    public void Too_few_frames_per_starting_component_is_an_error_that_says_so()
    {
        var data = Clusters(n: 100, d: 2, clusters: 2, seed: 3);
        var error = Assert.Throws<ArgumentException>(() => new UbmTrainer(new UbmOptions { ComponentCount = 32 }).Train(new InMemoryDataSource<double>(data, 2)));
        Assert.Contains("at least 10 frames per starting component: 100 frames for 16 components", error.Message);
    }

    [Fact]
    public void Diagonal_variances_are_floored_absolutely_and_relative_to_the_global_variance()
    {
        // Component 0 sits on points whose second feature is constant: its variance there is 0 before flooring.
        var statistics = Statistics(CovarianceType.Diagonal, [[0, 5], [2, 5], [4, 5]], [[100, 0], [102, 1], [104, 2]]);
        var context = new MaximizationContext(new List<FitWarning>());
        var absolute = new KaldiMaximizationStep(new KaldiEstimationOptions { MinGaussianOccupancy = 0 }).Estimate(statistics, null, context);
        Support.Near.Equal([8.0 / 3, 0.001, 8.0 / 3, 2.0 / 3], absolute.Covariances, 1e-12);
        Assert.Equal([2, 5, 102, 1], absolute.Means);
        Assert.Contains(context.Warnings, w => w.Kind == FitWarningKind.VarianceFloored);
        var relative = new KaldiMaximizationStep(new KaldiEstimationOptions { MinGaussianOccupancy = 0, VarianceFloors = [0.5, 0.25] })
            .Estimate(statistics, null, new MaximizationContext(new List<FitWarning>()));
        Support.Near.Equal([8.0 / 3, 0.25, 8.0 / 3, 2.0 / 3], relative.Covariances, 1e-12);
    }

    [Fact]
    public void The_trainer_floors_at_the_larger_of_the_absolute_and_the_relative_floor()
    {
        // One component: its ML variance is the global variance, so a relative floor of 2 raises it to twice that.
        var data = Clusters(n: 400, d: 2, clusters: 1, seed: 6);
        var variance = Enumerable.Range(0, 2).Select(j =>
        {
            var column = Enumerable.Range(0, 400).Select(i => data[i * 2 + j]).ToArray();
            double mean = column.Average();
            return column.Sum(x => (x - mean) * (x - mean)) / 400;
        }).ToArray();
        var options = new UbmOptions { ComponentCount = 1, InitializationIterations = 2, Iterations = 1, Subsample = 1, RelativeVarianceFloor = 2, Precision = ComputePrecision.Double };
        var result = new UbmTrainer(options).Train(new InMemoryDataSource<double>(data, 2));
        Support.Near.Equal([2 * variance[0], 2 * variance[1]], result.Model.Covariances, 1e-9);
        Assert.Contains(result.Warnings, w => w.Kind == FitWarningKind.VarianceFloored);
        var absolute = new UbmTrainer(options with { RelativeVarianceFloor = 0, VarianceFloor = 50 }).Train(new InMemoryDataSource<double>(data, 2));
        Assert.Equal([50.0, 50.0], absolute.Model.Covariances);
    }

    [Fact]
    public void Full_covariance_eigenvalues_are_floored_at_the_floor_or_the_condition_limit()
    {
        // Points on a line: the scatter has eigenvalues 0 and 8/3·2 along (1, 1)/√2.
        var statistics = Statistics(CovarianceType.Full, [[0, 0], [2, 2], [4, 4]]);
        var model = new KaldiMaximizationStep(new KaldiEstimationOptions { MinGaussianOccupancy = 0, EigenvalueFloor = 0.01, MaxConditionNumber = 100 })
            .Estimate(statistics, null, new MaximizationContext(new List<FitWarning>()));
        var eigen = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(2, 2, model.Covariances.ToArray()).Evd().EigenValues.Select(e => e.Real).Order().ToArray();
        Assert.Equal(16.0 / 3 / 100, eigen[0], 10);   // max(0.01, λ_max / 100)
        Assert.Equal(16.0 / 3, eigen[1], 10);
    }

    [Fact]
    public void Low_count_components_are_removed_or_kept_unchanged_with_a_warning()
    {
        var statistics = Statistics(CovarianceType.Diagonal, [[0], [1], [2], [3], [4], [5]], [[100]]);
        var current = new GaussianMixtureModel(CovarianceType.Diagonal, [0.5, 0.5], [2, 90], [3, 7]);
        var warnings = new List<FitWarning>();
        var removing = new KaldiMaximizationStep(new KaldiEstimationOptions { MinGaussianOccupancy = 2 });
        var removed = removing.Estimate(statistics, current, new MaximizationContext(warnings));
        Assert.Equal(1, removed.ComponentCount);
        Assert.Equal(FitWarningKind.ComponentDropped, Assert.Single(warnings).Kind);
        Assert.Equal(1, Assert.Single(warnings).Component);

        warnings.Clear();
        var keeping = new KaldiMaximizationStep(new KaldiEstimationOptions { MinGaussianOccupancy = 2, RemoveLowCountGaussians = false });
        var kept = keeping.Estimate(statistics, current, new MaximizationContext(warnings));
        Assert.Equal(2, kept.ComponentCount);
        Assert.Equal([2.5, 90], kept.Means);                      // the low-count component keeps its parameters
        Assert.Equal(7, kept.Covariances[1]);
        Support.Near.Equal([6.0 / 7, 1.0 / 7], kept.Weights, 1e-12); // weight 1/7 (not updated) renormalised
        Assert.Equal(FitWarningKind.ComponentNotUpdated, Assert.Single(warnings).Kind);
    }

    [Fact]
    public void A_full_UBM_starts_from_the_diagonal_one_and_trains_full_covariances()
    {
        var data = Clusters(n: 3000, d: 3, clusters: 3, seed: 4, correlated: true);
        var options = new UbmOptions { ComponentCount = 3, CovarianceType = CovarianceType.Full, InitializationIterations = 4, Iterations = 2, FullIterations = 3, Subsample = 1 };
        var reports = new List<UbmProgress>();
        var result = new UbmTrainer(options).Train(new InMemoryDataSource<double>(data, 3), new Sink<UbmProgress>(reports.Add));
        Assert.Equal(CovarianceType.Full, result.Model.CovarianceType);
        Assert.Equal(3, reports.Count(r => r.Phase == UbmPhase.FullCovariance));
        var training = reports.Where(r => r.Phase == UbmPhase.Training).Last().LogLikelihood;
        Assert.True(result.LogLikelihood > training, $"full {result.LogLikelihood} should beat diagonal {training} on correlated clusters");
        var covariances = result.Model.Covariances;
        for (int c = 0; c < 3; c++) Assert.True(covariances[c * 9 + 1] > 0.5, $"component {c}: covariance of features 0 and 1 is {covariances[c * 9 + 1]}, expected ≈ 0.81");
    }

    [Theory]
    [InlineData(CovarianceType.Diagonal)]
    [InlineData(CovarianceType.Full)]
    public void The_GPU_backend_trains_the_CPU_backends_UBM(CovarianceType type)
    {
        var data = Clusters(n: 600, d: 2, clusters: 3, seed: 5);
        var options = new UbmOptions { ComponentCount = 4, CovarianceType = type, InitializationIterations = 4, Iterations = 2, FullIterations = 2, Subsample = 2, Precision = ComputePrecision.Double };
        var cpu = new UbmTrainer(options).Train(new InMemoryDataSource<double>(data, 2));
        var gpu = new UbmTrainer(options, GpuTestData.Provider).Train(new InMemoryDataSource<double>(data, 2));
        Assert.Equal(cpu.Model.ComponentCount, gpu.Model.ComponentCount);
        Support.Near.Equal(cpu.Model.Means, gpu.Model.Means, 1e-7, floor: 1);
        Support.Near.Equal(cpu.Model.Covariances, gpu.Model.Covariances, 1e-7, floor: 1);
        Assert.Equal(cpu.LogLikelihood, gpu.LogLikelihood, 1e-8);
    }

    /// <summary>Statistics of hard-assigned points (each list one component), taken about the origin.</summary>
    private static SufficientStatistics Statistics(CovarianceType type, params double[][][] components)
    {
        int k = components.Length, d = components[0][0].Length;
        var statistics = SufficientStatistics.Create(type, new double[d], new double[k * d]);
        for (int c = 0; c < k; c++)
            foreach (var x in components[c])
            {
                statistics.ZerothOrder[c] += 1;
                for (int a = 0; a < d; a++)
                {
                    statistics.FirstOrder[c * d + a] += x[a];
                    if (type == CovarianceType.Full)
                        for (int b = 0; b < d; b++) statistics.SecondOrder[(c * d + a) * d + b] += x[a] * x[b];
                    else statistics.SecondOrder[c * d + a] += x[a] * x[a];
                }
                statistics.WeightSum += 1;
                statistics.PointCount++;
            }
        return statistics;
    }

    /// <summary>n points from well-separated clusters (optionally correlated within each), in order of cluster.</summary>
    internal static double[] Clusters(int n, int d, int clusters, int seed, bool correlated = false)
    {
        var random = new Random(seed);
        var data = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = i % clusters;
            double shared = GpuTestData.Normal(random);
            for (int j = 0; j < d; j++)
                data[i * d + j] = 8 * ((c + j) % clusters) + (correlated ? 0.9 * shared + 0.3 * GpuTestData.Normal(random) : GpuTestData.Normal(random));
        }
        return data;
    }
}

/// <summary>Collects progress reports synchronously.</summary>
internal sealed class Sink<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
