using System.CommandLine;
using System.Net;
using Gmm.Cli.Infrastructure;
using Gmm.Cluster.Cli.Hosting;
using Microsoft.Extensions.Hosting;

namespace Gmm.Cluster.Cli.Commands;

/// <summary>
/// gmm-cluster worker --driver HOST:PORT --node NAME [--port P] [--device cuda]: joins the driver's cluster as the node
/// NAME, reads the shards the manifest puts on it, computes their statistics each iteration, and exits when the driver
/// is gone (or on Ctrl+C).
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var driver = new Option<string>("--driver") { Description = "The driver's HOST:PORT (its --serve)", HelpName = "HOST:PORT", Required = true };
        var node = new Option<string>("--node") { Description = "This node's name, as the manifest's \"nodes\" spell it", HelpName = "NAME", Required = true };
        var port = new Option<int>("--port") { Description = "This node's silo port", HelpName = "P", DefaultValueFactory = _ => 11112 };
        var host = new Option<string?>("--host") { Description = "The address the driver reaches this node at [default: the local address routing to the driver]", HelpName = "ADDRESS" };
        var device = new Option<string>("--device") { Description = "Where this node computes: auto = CUDA when present, else the CPU backend", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong(BackendFactory.Devices);
        var command = new Command("worker", "Serve this node's shards to a driver's fit (gmm-cluster fit --manifest ... --serve HOST:PORT).")
        {
            driver, node, port, host, device,
        };
        command.SetAction((parsed, cancellation) => RunAsync(context, parsed.GetValue(driver)!, parsed.GetValue(node)!, parsed.GetValue(port),
            parsed.GetValue(host), parsed.GetValue(device)!, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string driverText, string name, int port, string? hostText, string deviceName, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(name) || name == SiloHosts.DriverName)
            throw new CliException($"--node '{name}' is not a usable node name (empty, or the driver's own name '{SiloHosts.DriverName}').");
        if (port is < 1 or > 65535) throw new CliException($"--port must be 1..65535; got {port}.");
        var driver = Endpoints.Parse(driverText, "--driver");
        var address = hostText is null ? Endpoints.RouteTo(driver) : Endpoints.Parse($"{hostText}:{port}", "--host").Address;
        using var device = BackendFactory.Select(deviceName);
        var options = new GmmNodeOptions { Reader = new FileShardReader(), Backend = device.Provider };
        using var host = SiloHosts.Worker(driver, new IPEndPoint(address, port), name, options);
        try
        {
            await host.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"node {name} could not join the driver at {driver} ({Errors.Describe(e)}); start the driver (gmm-cluster fit --serve) first.", e);
        }
        context.Out.WriteLine($"worker {name}: joined the driver at {driver} as {address}:{port}; computing on {device.Description}");
        context.Out.Flush();
        int missed = 0;
        while (!cancellation.IsCancellationRequested && missed < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation).ConfigureAwait(false);
            missed = await Endpoints.AnswersAsync(driver, cancellation).ConfigureAwait(false) ? 0 : missed + 1;
        }
        context.Out.WriteLine($"worker {name}: the driver at {driver} is gone; exiting.");
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stopping.Token).ConfigureAwait(false);
        return 0;
    }
}
