using System.CommandLine;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Infrastructure.Files;
using Gmm.Cluster.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gmm.Cluster.Cli.Commands;

/// <summary>
/// gmm-cluster fit --manifest shards.json --serve HOST:PORT -k K [every gmm fit option, --bayesian included]: serves
/// the cluster at HOST:PORT, waits for the manifest's nodes, and fits their shards as gmm fit fits a file (the same
/// options, output and model file); the workers compute, the driver adds their statistics in shard order and runs the
/// M-step (<see cref="ClusterFit"/>).
/// </summary>
internal static class ClusterFitCommand
{
    public static Command Create(CliContext context)
    {
        var manifest = new Option<string>("--manifest") { Description = "The shard manifest (JSON: {\"shards\": [{\"id\", \"path\", \"nodes\", \"weights\"?, \"dims\"?}, ...]})", HelpName = "FILE", Required = true };
        var serve = new Option<string>("--serve") { Description = "The address the workers join (their --driver)", HelpName = "HOST:PORT", Required = true };
        var components = new Option<int?>("--components", "-k") { Description = "Number of components K (required unless --init-model gives it)", HelpName = "K" };
        var initModel = new Option<string?>("--init-model") { Description = "Start EM from exactly this model file's weights, means and precisions (with --bayesian: from a gmm-bayesian-model/1 file's posterior)", HelpName = "FILE" };
        var output = FileGuard.Output(new Option<string?>("--output", "-o") { Description = "Write the fitted model (JSON, gmm-model/1; gmm-bayesian-model/1 with --bayesian) here", HelpName = "MODEL.json" }, OutputKind.Model);
        var wait = new Option<double>("--wait") { Description = "Seconds to wait for the manifest's nodes to join", HelpName = "S", DefaultValueFactory = _ => 120 };
        var deadline = new Option<double>("--deadline") { Description = "Seconds a node may take for one shard before the shard runs on another node holding it", HelpName = "S", DefaultValueFactory = _ => 600 };
        FitSettings.AtLeast(components, 1);
        var settings = new FitSettings();
        var bayesian = new BayesianSettings();
        var command = new Command("fit", "Fit a Gaussian mixture to the shards of a manifest, on the nodes that hold them.")
        {
            manifest, serve, components,
        };
        settings.AddTo(command);
        command.Add(initModel);
        command.Add(output);
        command.Add(wait);
        command.Add(deadline);
        bayesian.AddTo(command, settings);
        command.SetAction((parsed, cancellation) => RunAsync(context, parsed, settings, bayesian, new ClusterFit.Request(parsed.GetValue(manifest)!, parsed.GetValue(serve)!,
            parsed.GetValue(components), parsed.GetValue(initModel), parsed.GetValue(output), parsed.GetValue(wait), parsed.GetValue(deadline)), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parsed, FitSettings settings, BayesianSettings bayesian, ClusterFit.Request request,
        CancellationToken cancellation)
    {
        if (!(request.Wait > 0) || !(request.Deadline > 0)) throw new CliException("--wait and --deadline must be positive numbers of seconds.");
        bool variational = bayesian.IsRequested(parsed);
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
        ClusterFit fit = variational
            ? new VariationalClusterFit(parsed, bayesian, bayesian.Build(parsed, options, bayesian.Start(parsed, start, request.InitModel)), start)
            : new MaximumLikelihoodClusterFit(start is null ? options : options with { InitialParameters = InitialParameters.FromModel(start.Model) }, start);
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
            }, host.Services.GetRequiredService<IClusterMembershipService>()); // subscribed: a node that leaves has its shards re-run at once
            if (!quiet) context.Out.WriteLine($"driver: serving on {serve}; waiting for {string.Join(", ", manifest.Nodes)} (up to {request.Wait:G} s)");
            await cluster.WaitForNodesAsync(manifest.Nodes, TimeSpan.FromSeconds(request.Wait), cancellation).ConfigureAwait(false);
            var session = new ClusterFit.Session(context, cluster, manifest, request, quiet);
            return options.Precision == ComputePrecision.Single
                ? await Task.Run(() => fit.Fit<float>(session), cancellation).ConfigureAwait(false)
                : await Task.Run(() => fit.Fit<double>(session), cancellation).ConfigureAwait(false);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
    }
}
