using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cluster.Cli.Commands;

/// <summary>
/// gmm-cluster fit --bayesian: <see cref="BayesianGaussianMixture"/> on the cluster (the priors' data mean and
/// covariance from the nodes' statistics), printed and written as gmm fit --bayesian does.
/// </summary>
internal sealed class VariationalClusterFit(ParseResult parsed, BayesianSettings settings, BayesianGaussianMixtureOptions options, ModelFile.Content? start)
    : ClusterFit(options.ComponentCount, start)
{
    protected override int Run<T>(Session session, ClusterData<T> data)
    {
        settings.CheckDegreesOfFreedom(parsed, data.Dimension);
        var context = session.Context;
        var c = CultureInfo.InvariantCulture;
        if (!session.Quiet)
            context.Out.WriteLine(string.Create(c,
                $"fitting at most {options.ComponentCount} {ModelFile.TypeName(options.CovarianceType)}-covariance components ({BayesianModelFile.PriorTypeName(options.WeightConcentrationPriorType).Replace('_', '-')} prior) to {data.Count} points × {data.Dimension} features in {session.Manifest.Shards.Count} shards on {session.Manifest.Nodes.Count} nodes"));
        var mixture = new BayesianGaussianMixture(options, session.Cluster.BackendProvider);
        var result = FitProgress.Run(context, session.Quiet, "cluster", options.InitializationCount,
            progress => mixture.Fit(data, progress, context.Cancellation), quantity: "lower bound");

        var kept = result.Warnings.Where(w => w.Initialization == result.BestInitialization).ToList();
        foreach (var warning in kept.Take(10)) context.Warn(warning.Message);
        if (kept.Count > 10) context.Warn($"... and {kept.Count - 10} more warnings.");
        var posterior = result.Model;
        string? output = session.Request.Output;
        if (output is not null)
            ModelFile.Write(output, new ModelFile.Content(posterior.PointEstimate, result.Converged, result.Iterations, result.LowerBound, posterior, result.Priors));
        if (session.Quiet && output is not null) return 0;
        context.Console.Write(Render.Components(posterior.PointEstimate, null, withDeviations: false));
        if (session.Quiet) return 0;
        context.Console.Write(Render.Facts([.. VariationalFitFacts.For(result, result.Backend), TrafficFact(data.Traffic)]));
        return 0;
    }
}
