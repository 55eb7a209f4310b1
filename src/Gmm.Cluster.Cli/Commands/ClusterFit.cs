using System.Numerics;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cluster.Cli.Commands;

/// <summary>
/// One fit of gmm-cluster fit once the nodes have joined: opens the manifest's shards in the compute type, checks them
/// against the options, and runs the estimator (<see cref="MaximumLikelihoodClusterFit"/> or
/// <see cref="VariationalClusterFit"/>) with the cluster's backend provider.
/// </summary>
internal abstract class ClusterFit
{
    /// <summary>The command line's inputs besides the fit options.</summary>
    public sealed record Request(string Manifest, string Serve, int? Components, string? InitModel, string? Output, double Wait, double Deadline);

    /// <summary>Where the fit runs and reports.</summary>
    public sealed record Session(CliContext Context, GmmCluster Cluster, ShardManifest Manifest, Request Request, bool Quiet);

    protected ClusterFit(int componentCount, ModelFile.Content? start)
    {
        ComponentCount = componentCount;
        Start = start;
    }

    protected int ComponentCount { get; }

    /// <summary>The --init-model file, or null.</summary>
    protected ModelFile.Content? Start { get; }

    /// <summary>Opens the shards on their nodes in <typeparamref name="T"/>, fits them, writes and prints the result; returns the exit code.</summary>
    public int Fit<T>(Session session) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var data = session.Cluster.Open<T>(session.Manifest);
        if (Start is not null && Start.Model.Dimension != data.Dimension)
            throw new CliException($"--init-model {session.Request.InitModel} has {Start.Model.Dimension} features but the shards have {data.Dimension}.");
        if (ComponentCount > data.Count)
            throw new CliException($"--components {ComponentCount} exceeds the number of points in the shards ({data.Count}); use at most {data.Count} components.");
        int code = Run(session, data);
        foreach (var (node, reason) in data.ExcludedNodes) session.Context.Warn($"node {node} was left out: {reason}");
        if (!session.Quiet && session.Request.Output is not null) session.Context.Out.WriteLine($"model written to {session.Request.Output}");
        return code;
    }

    /// <summary>Fits the opened shards, writes the model file (when asked) and prints the result.</summary>
    protected abstract int Run<T>(Session session, ClusterData<T> data) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The summary's line on what travelled.</summary>
    protected static (string, string) TrafficFact(ClusterTraffic traffic) => ("traffic", string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{traffic.ModelMessages} model, {traffic.StatisticsMessages} statistics, {traffic.RowMessages} row messages; {traffic.Reruns} shard re-runs"));
}
