using System.Globalization;
using System.Numerics;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cluster.Cli.Commands;

/// <summary>gmm-cluster fit without --bayesian: <see cref="GaussianMixture"/> on the cluster, printed and written as gmm fit does.</summary>
internal sealed class MaximumLikelihoodClusterFit(GaussianMixtureOptions options, ModelFile.Content? start) : ClusterFit(options.ComponentCount, start)
{
    protected override int Run<T>(Session session, ClusterData<T> data)
    {
        var context = session.Context;
        var c = CultureInfo.InvariantCulture;
        if (!session.Quiet)
            context.Out.WriteLine(string.Create(c, $"fitting {options.ComponentCount} {ModelFile.TypeName(options.CovarianceType)}-covariance components to {data.Count} points × {data.Dimension} features in {session.Manifest.Shards.Count} shards on {session.Manifest.Nodes.Count} nodes"));
        var mixture = new GaussianMixture(options, session.Cluster.BackendProvider);
        var result = FitProgress.Run(context, session.Quiet, "cluster", options.InitializationCount, progress => mixture.Fit(data, progress, context.Cancellation));

        var kept = result.Warnings.Where(w => w.Initialization == result.BestInitialization).ToList();
        foreach (var warning in kept.Take(10)) context.Warn(warning.Message);
        if (kept.Count > 10) context.Warn($"... and {kept.Count - 10} more warnings.");
        string? output = session.Request.Output;
        if (output is not null)
            ModelFile.Write(output, new ModelFile.Content(result.Model, result.Converged, result.Iterations, result.LowerBound));
        if (session.Quiet && output is not null) return 0;
        context.Console.Write(Render.Components(result.Model, null, withDeviations: false));
        if (session.Quiet) return 0;
        double score = Score(session.Cluster, data, result.Model);
        double n = data.Count, p = result.Model.ParameterCount;
        context.Console.Write(Render.Facts(
        [
            ("converged", result.Converged ? $"yes, after {result.Iterations} iterations" : $"no, stopped after {result.Iterations} iterations"),
            ("lower bound", result.LowerBound.ToString("F6", c) + " (mean log-likelihood per point)"),
            ("BIC", (-2 * score * n + p * Math.Log(n)).ToString("F3", c)),
            ("time", result.Elapsed.TotalSeconds.ToString("F3", c) + " s"),
            ("device", result.Backend),
            TrafficFact(data.Traffic),
        ]));
        return 0;
    }

    /// <summary>The fitted model's mean log-likelihood per point (weighted when the shards carry weights), from one more pass on the nodes.</summary>
    private static double Score<T>(GmmCluster cluster, ClusterData<T> data, GaussianMixtureModel model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var backend = cluster.BackendProvider.Create<T>();
        var statistics = SufficientStatistics.For<T>(model);
        backend.Accumulate(model, data, statistics);
        return statistics.LogLikelihood / statistics.WeightSum;
    }
}
