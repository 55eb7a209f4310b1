using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cluster.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gmm.Cluster.Cli.Commands;

/// <summary>
/// gmm-cluster fit --manifest shards.json --serve HOST:PORT -k K [every gmm fit option]: serves the cluster at
/// HOST:PORT, waits for the manifest's nodes, and fits their shards as gmm fit fits a file (the same options, output and
/// model file); the workers compute, the driver adds their statistics in shard order and runs the M-step.
/// </summary>
internal static class ClusterFitCommand
{
    public static Command Create(CliContext context)
    {
        var manifest = new Option<string>("--manifest") { Description = "The shard manifest (JSON: {\"shards\": [{\"id\", \"path\", \"nodes\", \"weights\"?}, ...]})", HelpName = "FILE", Required = true };
        var serve = new Option<string>("--serve") { Description = "The address the workers join (their --driver)", HelpName = "HOST:PORT", Required = true };
        var components = new Option<int?>("--components", "-k") { Description = "Number of components K (required unless --init-model gives it)", HelpName = "K" };
        var initModel = new Option<string?>("--init-model") { Description = "Start EM from exactly this model file's weights, means and precisions", HelpName = "FILE" };
        var output = FileGuard.Output(new Option<string?>("--output", "-o") { Description = "Write the fitted model (JSON, gmm-model/1) here", HelpName = "MODEL.json" }, OutputKind.Model);
        var wait = new Option<double>("--wait") { Description = "Seconds to wait for the manifest's nodes to join", HelpName = "S", DefaultValueFactory = _ => 120 };
        var deadline = new Option<double>("--deadline") { Description = "Seconds a node may take for one shard before the shard runs on another node holding it", HelpName = "S", DefaultValueFactory = _ => 600 };
        FitSettings.AtLeast(components, 1);
        var settings = new FitSettings();
        var command = new Command("fit", "Fit a Gaussian mixture to the shards of a manifest, on the nodes that hold them.")
        {
            manifest, serve, components,
        };
        settings.AddTo(command);
        command.Add(initModel);
        command.Add(output);
        command.Add(wait);
        command.Add(deadline);
        command.SetAction((parsed, cancellation) => RunAsync(context, parsed, settings, new Request(parsed.GetValue(manifest)!, parsed.GetValue(serve)!,
            parsed.GetValue(components), parsed.GetValue(initModel), parsed.GetValue(output), parsed.GetValue(wait), parsed.GetValue(deadline)), cancellation));
        return command;
    }

    private sealed record Request(string Manifest, string Serve, int? Components, string? InitModel, string? Output, double Wait, double Deadline);

    private static async Task<int> RunAsync(CliContext context, ParseResult parsed, FitSettings settings, Request request, CancellationToken cancellation)
    {
        if (!(request.Wait > 0) || !(request.Deadline > 0)) throw new CliException("--wait and --deadline must be positive numbers of seconds.");
        var manifest = ShardManifest.Load(request.Manifest);
        var start = request.InitModel is null ? null : ModelFile.Read(request.InitModel);
        string? typeName = parsed.GetValue(settings.Covariance);
        var type = typeName is null ? start?.Model.CovarianceType ?? CovarianceType.Full : ModelFile.ParseType(typeName)!.Value;
        if (start is not null && start.Model.CovarianceType != type)
            throw new CliException($"--covariance {typeName} contradicts --init-model {request.InitModel}, whose covariance_type is {ModelFile.TypeName(start.Model.CovarianceType)}.");
        if (start is not null && request.Components is { } given && given != start.Model.ComponentCount)
            throw new CliException($"--components {given} contradicts --init-model {request.InitModel}, which has {start.Model.ComponentCount} components.");
        int k = request.Components ?? start?.Model.ComponentCount ?? throw new CliException("--components K is required (or give --init-model).");
        var options = settings.Build(parsed, k, type);
        if (start is not null) options = options with { InitialParameters = InitialParameters.FromModel(start.Model) };
        bool quiet = parsed.GetValue(settings.Quiet);
        if (parsed.GetValue(settings.Device) != "auto" && !quiet)
            context.Warn("--device is chosen on each node (gmm-cluster worker --device); the driver only adds statistics and runs the M-step.");

        var serve = Endpoints.Parse(request.Serve, "--serve");
        var nodeOptions = new GmmNodeOptions { CallTimeout = TimeSpan.FromSeconds(request.Deadline) + TimeSpan.FromMinutes(1) };
        using var host = SiloHosts.Driver(serve, nodeOptions);
        await host.StartAsync(cancellation).ConfigureAwait(false);
        try
        {
            var cluster = new GmmCluster(host.Services.GetRequiredService<IGrainFactory>(), new GmmClusterOptions
            {
                MessageLimitBytes = nodeOptions.MessageLimitBytes,
                ShardDeadline = TimeSpan.FromSeconds(request.Deadline),
            });
            if (!quiet) context.Out.WriteLine($"driver: serving on {serve}; waiting for {string.Join(", ", manifest.Nodes)} (up to {request.Wait:G} s)");
            await cluster.WaitForNodesAsync(manifest.Nodes, TimeSpan.FromSeconds(request.Wait), cancellation).ConfigureAwait(false);
            return options.Precision == ComputePrecision.Single
                ? await Task.Run(() => Fit<float>(context, cluster, manifest, options, start, request, quiet), cancellation).ConfigureAwait(false)
                : await Task.Run(() => Fit<double>(context, cluster, manifest, options, start, request, quiet), cancellation).ConfigureAwait(false);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
    }

    private static int Fit<T>(CliContext context, GmmCluster cluster, ShardManifest manifest, GaussianMixtureOptions options, ModelFile.Content? start, Request request, bool quiet)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var data = cluster.Open<T>(manifest);
        if (start is not null && start.Model.Dimension != data.Dimension)
            throw new CliException($"--init-model {request.InitModel} has {start.Model.Dimension} features but the shards have {data.Dimension}.");
        if (options.ComponentCount > data.Count)
            throw new CliException($"--components {options.ComponentCount} exceeds the number of points in the shards ({data.Count}); use at most {data.Count} components.");
        var c = CultureInfo.InvariantCulture;
        if (!quiet)
            context.Out.WriteLine(string.Create(c, $"fitting {options.ComponentCount} {ModelFile.TypeName(options.CovarianceType)}-covariance components to {data.Count} points × {data.Dimension} features in {manifest.Shards.Count} shards on {manifest.Nodes.Count} nodes"));
        var mixture = new GaussianMixture(options, cluster.BackendProvider);
        var result = FitProgress.Run(context, quiet, "cluster", options.InitializationCount, progress => mixture.Fit(data, progress, context.Cancellation));

        var kept = result.Warnings.Where(w => w.Initialization == result.BestInitialization).ToList();
        foreach (var warning in kept.Take(10)) context.Warn(warning.Message);
        if (kept.Count > 10) context.Warn($"... and {kept.Count - 10} more warnings.");
        if (request.Output is not null)
            ModelFile.Write(request.Output, new ModelFile.Content(result.Model, result.Converged, result.Iterations, result.LowerBound));
        if (quiet && request.Output is not null) return 0;
        context.Console.Write(Render.Components(result.Model, null, withDeviations: false));
        if (quiet) return 0;
        double score = Score(cluster, data, result.Model);
        double n = data.Count, p = result.Model.ParameterCount;
        context.Console.Write(Render.Facts(
        [
            ("converged", result.Converged ? $"yes, after {result.Iterations} iterations" : $"no, stopped after {result.Iterations} iterations"),
            ("lower bound", result.LowerBound.ToString("F6", c) + " (mean log-likelihood per point)"),
            ("BIC", (-2 * score * n + p * Math.Log(n)).ToString("F3", c)),
            ("time", result.Elapsed.TotalSeconds.ToString("F3", c) + " s"),
            ("device", result.Backend),
            ("traffic", string.Create(c, $"{data.Traffic.ModelMessages} model, {data.Traffic.StatisticsMessages} statistics, {data.Traffic.RowMessages} row messages; {data.Traffic.Reruns} shard re-runs")),
        ]));
        foreach (var (node, reason) in data.ExcludedNodes) context.Warn($"node {node} was left out: {reason}");
        if (request.Output is not null) context.Out.WriteLine($"model written to {request.Output}");
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
